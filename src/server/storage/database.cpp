// SQLite wrapper; see database.hpp.
#include "server/storage/database.hpp"

#include <sqlite3.h>

namespace salotto::storage {

namespace {

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context) {
    throw Error(rc & 0xFF,
                std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

}  // namespace

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) throw_error(db, rc, "prepare");
}

Statement& Statement::bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(stmt_.get(), index, value);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    int rc = sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::vector<unsigned char>& blob) {
    int rc = sqlite3_bind_blob64(stmt_.get(), index, blob.data(), blob.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    int rc = sqlite3_bind_null(stmt_.get(), index);
    if (rc != SQLITE_OK) throw_error(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_error(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_.get(), column);
    const int size = sqlite3_column_bytes(stmt_.get(), column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string();
}

std::vector<unsigned char> Statement::blob(int column) const {
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_.get(), column));
    const int size = sqlite3_column_bytes(stmt_.get(), column);
    return data ? std::vector<unsigned char>(data, data + size) : std::vector<unsigned char>();
}

void Database::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

Database::Database(const std::string& path) {
    sqlite3* raw = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) throw_error(raw, rc, "open " + path);
    // Another process (e.g. `--new-invite` while the server runs) may hold the write
    // lock for a moment; wait for it instead of failing.
    sqlite3_busy_timeout(raw, 5000);
    exec("PRAGMA foreign_keys = ON");
    // Durability (docs/security.md, "Crash safety"): in WAL mode COMMIT returns once
    // the transaction is in the -wal file (written, not yet fsynced), and the server
    // acknowledges a write only after its COMMIT. A killed or crashed server process
    // therefore loses no acknowledged row: the kernel holds the bytes and the next
    // open replays the WAL (tests/e2e/crash-safety.test.js kills it mid-burst). NORMAL
    // fsyncs only at checkpoints, so an OS crash or power loss may roll back the last
    // commits, never corrupt the file; FULL (an fsync per commit) would survive that
    // too, but costs 3-8 ms per commit on this project's test disk
    // (bench/sqlite-sync.sh) and storage runs on the event loop, which may not stall.
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
}

void Database::exec(std::string_view sql) {
    // sqlite3_exec needs a NUL-terminated string.
    std::string copy(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_.get(), copy.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string what = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        throw Error(rc & 0xFF, "exec: " + what);
    }
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}

int Database::changes() const {
    return sqlite3_changes(db_.get());
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (const Error&) {
        // SQLite may already have rolled back on its own (e.g. after an I/O error).
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace salotto::storage
