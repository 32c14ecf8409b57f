import Foundation
import SQLite
import Testing
@testable import CanteenCore

/// The repository's Migrations/ folder, found from this file's place in Tests/CanteenCoreTests/.
private let migrationsDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Migrations")

/// Every NNNN_name.sql file of Migrations/, in name order.
private func migrationFiles() throws -> [(version: Int, name: String, text: String)] {
    let names = try FileManager.default.contentsOfDirectory(atPath: migrationsDirectory.path)
        .filter { $0.hasSuffix(".sql") }
        .sorted()
    return try names.map { file in
        let base = String(file.dropLast(4))
        let parts = base.split(separator: "_", maxSplits: 1)
        let version = try #require(parts.count == 2 && parts[0].count == 4 ? Int(parts[0]) : nil,
                                   "\(file) is not named NNNN_name.sql")
        let text = try String(contentsOf: migrationsDirectory.appendingPathComponent(file), encoding: .utf8)
        return (version, String(parts[1]), text)
    }
}

@Suite struct SchemaTests {
    @Test("embedded migrations match Migrations/")
    func embeddedMigrationsMatchTheFiles() throws {
        let files = try migrationFiles()
        try #require(!files.isEmpty, "no migrations found in \(migrationsDirectory.path)")
        let embedded = Schema.embedded
        #expect(embedded.map(\.version) == files.map(\.version),
                "run Scripts/generate-migrations.sh after changing Migrations/")
        for (file, migration) in zip(files, embedded) {
            #expect(migration.version == file.version)
            #expect(migration.name == file.name)
            // The generator puts the file between the delimiters of a multi-line literal, which drops the final newline.
            #expect(file.text.hasSuffix("\n"), "\(file.name) must end with a newline")
            #expect(migration.sql + "\n" == file.text,
                    "migration \(file.version) (\(file.name)) differs from Migrations/: run Scripts/generate-migrations.sh")
        }
    }

    @Test func versionsRunFromOneWithoutGaps() {
        let versions = Schema.embedded.map(\.version)
        #expect(versions == Array(1...versions.count))
        #expect(Schema.latestVersion == versions.last)
        #expect(Schema.migrator.migrations == Schema.embedded)
    }

    @Test func theMigrationsApplyCleanlyToAnEmptyDatabase() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("canteen-schema-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let db = try Database(path: path, mode: .readWriteCreate)
        #expect(try Schema.migrator.migrate(db, appliedAt: "now") == Schema.embedded.map(\.version))
        #expect(try Schema.migrator.appliedVersion(in: db) == Schema.latestVersion)
        #expect(try db.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try db.scalarInt("SELECT count(*) FROM pragma_foreign_key_check") == 0)
        // Every table is STRICT.
        let loose = try db.prepare("""
            SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 0
            AND name NOT LIKE 'sqlite_%'
            """).rows { $0.text(0) }
        #expect(loose == [])
    }
}
