#if canImport(Glibc)
    import Glibc
#endif

/// Every folder and file below a folder, read with `readdir` and stated relative to each open
/// folder: many times quicker than `FileManager`'s enumerator, which showed in every rebuild.
public enum FolderWalk {
    /// A folder or file, with its path relative to the walked folder.
    public struct Entry: Sendable {
        public var path: String
        public var isDirectory: Bool
        /// With `stamps`: whether it is (or links to) a regular file, its size and modification time
        /// in nanoseconds, and for a regular file changed within the last second the hash of its
        /// contents (`FileTime.unsettledContents`).
        public var isRegularFile = false
        public var size = 0
        public var modified = 0
        public var contents: UInt64?
    }

    /// The entries below `base`, folders before what they hold, and every file in the order of
    /// its path's bytes (each folder's names are sorted as bytes before any string is made: the
    /// handbook's listing, sorted afterwards, was a tenth of a rebuild).
    ///
    /// - Parameters:
    ///   - skipping: relative paths left out with everything below them.
    ///   - skipHidden: leave out names starting with `.`, and everything below them.
    ///   - stamps: also state each file and folder (following links) for its size and modification
    ///     time, spread over the cores (a rebuild states every page).
    public static func entries(
        under base: String, skipping: Set<String> = [], skipHidden: Bool = false, stamps: Bool = false
    ) -> [Entry] {
        var entries: [Entry] = []
        // The files to state once all are listed, by folder: each stated relative to its open
        // folder (a path from the root was looked up component by component, for every page).
        var folders: [(path: String, files: [(entry: Int, name: [CChar])])] = []
        func walk(_ relative: String) {
            let folderPath = relative.isEmpty ? base : base + "/" + relative
            guard let directory = opendir(folderPath) else { return }
            let descriptor = dirfd(directory)
            // Names as C strings (with their terminating zero), sorted before any string is made.
            var names: [(name: [CChar], isDirectory: Bool)] = []
            while let item = readdir(directory) {
                let name = withUnsafePointer(to: item.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) {
                        Array(UnsafeBufferPointer(start: $0, count: strlen($0) + 1))
                    }
                }
                if name[0] == 0x2E, name[1] == 0 || (name[1] == 0x2E && name[2] == 0) || skipHidden { continue }
                var isDirectory = item.pointee.d_type == DT_DIR
                if item.pointee.d_type == DT_UNKNOWN {
                    var info = stat()
                    if fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
                        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                    }
                }
                names.append((name, isDirectory))
            }
            closedir(directory)
            // As the paths below sort: a folder's name as if followed by `/`.
            names.sort { a, b in
                let (x, y) = (a.name.count - 1, b.name.count - 1)
                let common = min(x, y)
                let order = memcmp(a.name, b.name, common)
                if order != 0 { return order < 0 }
                if x == y { return false }
                if x < y { return !a.isDirectory || 0x2F < b.name[common] }
                return b.isDirectory && a.name[common] < 0x2F
            }
            var files: [(entry: Int, name: [CChar])] = []
            for (cName, isDirectory) in names {
                let name = cName.withUnsafeBufferPointer { String(decoding: UnsafeRawBufferPointer($0).dropLast(), as: UTF8.self) }
                let path = relative.isEmpty ? name : relative + "/" + name
                if !skipping.isEmpty, skipping.contains(path) { continue }
                if stamps { files.append((entries.count, cName)) }
                entries.append(Entry(path: path, isDirectory: isDirectory))
                if isDirectory { walk(path) }
            }
            // In runs of a few hundred, so a big folder is still spread over the cores.
            for start in stride(from: 0, to: files.count, by: 256) {
                folders.append((folderPath, Array(files[start..<min(start + 256, files.count)])))
            }
        }
        walk("")
        guard stamps else { return entries }
        let statedAt = FileTime.now
        let stated = folders.parallelMap { folder in
            state(folder.files.map(\.name), in: folder.path, statedAt: statedAt)
        }
        for (folder, results) in zip(folders, stated) {
            for (file, result) in zip(folder.files, results) {
                guard let (isRegular, size, modified, contents) = result else { continue }
                entries[file.entry].isRegularFile = isRegular
                entries[file.entry].size = size
                entries[file.entry].modified = modified
                entries[file.entry].contents = contents
            }
        }
        return entries
    }

    /// Whether each of `paths` (relative to `base`, `/`-separated) is a regular file, its size,
    /// modification time in nanoseconds and, for a regular file changed within the last second, the
    /// hash of its contents (`FileTime.unsettledContents`), following links; nil for one that cannot
    /// be stated. Stated relative to each open folder, spread over the cores.
    public static func state(_ paths: [String], under base: String) -> [(Bool, Int, Int, UInt64?)?] {
        // Runs of paths in one folder (a listing's paths run folder by folder), found on the paths'
        // bytes: a string for each folder, not for each path.
        var runs: [(folder: String, names: [[CChar]])] = []
        var folderBytes: [UInt8] = []
        for var path in paths {
            path.withUTF8 { bytes in
                let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
                let folder = UnsafeBufferPointer(rebasing: bytes[..<(slash ?? 0)])
                let nameBytes = UnsafeBufferPointer(rebasing: bytes[(slash.map { $0 + 1 } ?? 0)...])
                var name = [CChar](repeating: 0, count: nameBytes.count + 1)
                name.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(nameBytes)) }
                if !runs.isEmpty, folder.elementsEqual(folderBytes), runs[runs.count - 1].names.count < 256 {
                    runs[runs.count - 1].names.append(name)
                } else {
                    folderBytes = Array(folder)
                    runs.append((slash == nil ? base : base + "/" + String(decoding: folder, as: UTF8.self), [name]))
                }
            }
        }
        let statedAt = FileTime.now
        return runs.parallelMap { state($0.names, in: $0.folder, statedAt: statedAt) }.flatMap { $0 }
    }

    /// `state(_:under:)` for names in one folder, stated at or after `statedAt`.
    private static func state(_ names: [[CChar]], in folder: String, statedAt: Int) -> [(Bool, Int, Int, UInt64?)?] {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return Array(repeating: nil, count: names.count) }
        defer { close(descriptor) }
        return names.map { name -> (Bool, Int, Int, UInt64?)? in
            var info = stat()
            guard fstatat(descriptor, name, &info, 0) == 0 else { return nil }
            let isRegular = (info.st_mode & S_IFMT) == S_IFREG
            let modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            // A folder's time is checked against the listing's time where it is used.
            let contents =
                isRegular ? FileTime.unsettledContents(modified, statedAt: statedAt, name: name, in: descriptor) : nil
            return (isRegular, Int(info.st_size), modified, contents)
        }
    }
}
