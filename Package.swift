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
            // The counter starts one process per meal: a static Swift runtime saves start-up time.
            linkerSettings: [.unsafeFlags(["-static-stdlib"])]
        ),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "CanteenCoreTests", dependencies: ["CanteenCore"]),
        .testTarget(name: "CanteenCLITests", dependencies: ["CanteenCLI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["CanteenCore", "SQLite"]),
    ],
    swiftLanguageModes: [.v6]
)
