/// A value kept in one shared object: copying it counts one reference, however many fields it has,
/// and the value itself is copied only when it is changed while shared (copy on write). For values
/// copied far more often than changed: a handbook's pages, a year of day sheets' tasks.
public struct CopyOnWrite<Value: Sendable>: @unchecked Sendable {
    @usableFromInline
    final class Box: @unchecked Sendable {
        @usableFromInline var value: Value

        @usableFromInline init(_ value: Value) { self.value = value }
    }

    @usableFromInline var box: Box

    @inlinable public init(_ value: Value) {
        box = Box(value)
    }

    /// The value; reading one field through it reads the shared object (inlined, so that no whole
    /// copy is made), changing it changes this copy only.
    @inlinable public var value: Value {
        get { box.value }
        set {
            if isKnownUniquelyReferenced(&box) {
                box.value = newValue
            } else {
                box = Box(newValue)
            }
        }
    }

    /// Whether this and `other` share their object (and so hold the same value).
    @inlinable public func shares(_ other: Self) -> Bool { box === other.box }

    /// The shared object's identity: the same for every copy until one is changed. It names the value
    /// only while some copy is alive (a new object may take a freed one's identity).
    @inlinable public var identity: ObjectIdentifier { ObjectIdentifier(box) }
}
