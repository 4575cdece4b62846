// swift-tools-version:6.0
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Release builds skip the run-time exclusivity checks (a few per cent of a full build's CPU);
    // debug builds, which the tests run, keep them.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "opsbook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "opsbook", targets: ["opsbook"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Linux calls that Swift's Glibc module leaves out.
        .systemLibrary(name: "CLinux"),
        .target(name: "Markdown", dependencies: ["CCmark"], swiftSettings: upcoming),
        .target(
            name: "Workspace",
            dependencies: ["CLinux", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming
        ),
        .target(
            name: "Handbook",
            dependencies: ["Markdown", "Workspace", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming
        ),
        .target(name: "Planner", dependencies: ["Workspace", .product(name: "Yams", package: "Yams")], swiftSettings: upcoming),
        .target(
            name: "Site",
            dependencies: [
                "Handbook", "Planner", "Workspace", .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "opsbook",
            dependencies: [
                "Site", "Handbook", "Planner", "Workspace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming,
            // mimalloc (Debian's libmimalloc-dev) in place of glibc's malloc: a build makes and frees
            // hundreds of thousands of small strings and arrays, and it took a tenth off a full build.
            linkerSettings: [
                .linkedLibrary("mimalloc", .when(platforms: [.linux])),
                // Linked by lld, at a fixed address (not position-independent): the loader then has
                // none of this binary's ~77,000 relative relocations to apply, nor the data pages
                // they touch to copy, and every command starts ~1.3 ms sooner (a rebuild after one
                // page changed: 17.6 -> 16.3 ms). The shared libraries it loads still move. Packed
                // relative relocations (glibc 2.36 and later) for whatever relocations are left.
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xclang-linker", "-no-pie"],
                    .when(platforms: [.linux])),
            ]
        ),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace"], swiftSettings: upcoming),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"], swiftSettings: upcoming),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "Workspace"], swiftSettings: upcoming),
        .testTarget(
            name: "SiteTests",
            dependencies: ["Site", "Handbook", "Planner", "Workspace", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: upcoming),
        .testTarget(name: "HandbookTests", dependencies: ["Handbook", "Markdown", "Workspace"], swiftSettings: upcoming),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Workspace"],
            exclude: ["Fixtures"],
            swiftSettings: upcoming
        ),
    ]
)
