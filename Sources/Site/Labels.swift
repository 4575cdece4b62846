import Workspace

/// The words of the site's interface, in the team's language.
public enum Labels {
    public static func table(for language: SiteSettings.Language) -> [String: String] {
        switch language {
        case .chinese: chinese
        case .english: english
        }
    }

    static let chinese: [String: String] = [
        "home": "首页", "contents": "本页目录", "previous": "上一篇", "next": "下一篇",
        "sections": "目录", "menu": "菜单", "search": "搜索", "searchPlaceholder": "搜索手册(按 / 键)",
        "notFoundTitle": "页面不存在", "notFoundText": "找不到这个页面。它可能已被移动或删除。",
        "backHome": "返回首页", "overview": "本节概览", "pagesInSection": "本节页面", "skipToContent": "跳到正文",
        "daySheets": "每日任务单", "tags": "标签", "pages": "篇",
        "note": "说明", "tip": "提示", "important": "重要", "warning": "警告", "caution": "注意",
        "searchResultCount": "找到 {n} 篇", "searchNoResults": "没有找到包含“{q}”的内容。",
        "searchShortQuery": "只搜索了标题和小标题;输入两个或更多字可搜索正文。", "searchAllResults": "查看全部 {n} 条结果",
        "searchHint": "输入关键词,多个词用空格分开。", "searchNeedsScript": "搜索需要启用 JavaScript。",
        "searchIndexMissing": "搜索索引未能加载,请重新生成手册。",
    ]

    static let english: [String: String] = [
        "home": "Home", "contents": "On this page", "previous": "Previous", "next": "Next",
        "sections": "Contents", "menu": "Menu", "search": "Search", "searchPlaceholder": "Search the handbook (press /)",
        "notFoundTitle": "Page not found", "notFoundText": "This page does not exist. It may have been moved or removed.",
        "backHome": "Back to the home page", "overview": "Overview", "pagesInSection": "Pages in this section", "skipToContent": "Skip to content",
        "daySheets": "Daily task sheets", "tags": "Tags", "pages": "pages",
        "note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
        "searchResultCount": "{n} pages found", "searchNoResults": "Nothing found for “{q}”.",
        "searchShortQuery": "Only titles and headings searched: type two or more characters to search the text.",
        "searchAllResults": "See all {n} results", "searchHint": "Type words; separate several with spaces.",
        "searchNeedsScript": "Search needs JavaScript.", "searchIndexMissing": "The search index could not be loaded; rebuild the handbook.",
    ]
}
