/// A folder of the handbook: its title, its pages in order and its sub-folders.
public struct Section: Sendable {
    /// The folder's path under `content/handbook/` ("" for the top).
    public var path: String
    public var title: String
    public var order: Int?
    public var summary: String?
    /// The index of the folder's `index.md` in `Handbook.pages`, if it has one.
    public var indexPage: Int?
    /// Indices into `Handbook.pages`, in reading order, without the index page.
    public var pages: [Int]
    public var subsections: [Section]
}
