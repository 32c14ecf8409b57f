// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "canteen",
    products: [
        .executable(name: "canteen", targets: ["canteen"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "CanteenCore", dependencies: ["SQLite"]),
        .target(name: "CanteenCLI", dependencies: ["CanteenCore"]),
        .executableTarget(
            name: "canteen",
            dependencies: ["CanteenCLI"],
            // A clerk's `meal record` is one process per meal: a static executable starts in about a millisecond,
            // where loading the C++ runtime and relocating the Swift one took three.
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "CanteenCoreTests", dependencies: ["CanteenCore"]),
        .testTarget(name: "CanteenCLITests", dependencies: ["CanteenCLI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["CanteenCore", "SQLite"]),
    ],
    swiftLanguageModes: [.v6]
)
