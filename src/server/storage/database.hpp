// A small RAII wrapper over the sqlite3 C API: a connection, prepared statements and
// transactions that roll back unless committed.
//
// Failures throw storage::Error carrying SQLite's result code, so callers can tell
// a constraint violation from a broken disk; the service turns any other failure
// into an `internal` error for the client.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace salotto::storage {

struct Error : std::runtime_error {
    Error(int code, const std::string& what) : std::runtime_error(what), code(code) {}
    int code;  // SQLite's primary result code, e.g. SQLITE_CONSTRAINT
};

class Statement {
  public:
    Statement(sqlite3* db, std::string_view sql);

    // Parameters are numbered from 1, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const std::vector<unsigned char>& blob);
    Statement& bind(int index, std::nullopt_t);
    Statement& bind(int index, std::optional<std::int64_t> value);

    // Runs to the next row; false when the statement is done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Makes the statement ready to run again; bindings stay until replaced.
    void reset();

    // Columns are numbered from 0, as in SQLite.
    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    std::string text(int column) const;
    std::vector<unsigned char> blob(int column) const;

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const;
    };
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

class Database {
  public:
    // Opens (creating if needed) the file at `path`, or a private in-memory database
    // for ":memory:". Turns on foreign keys, WAL and synchronous=NORMAL, which in WAL
    // mode loses at most the last commits on power loss, never consistency.
    explicit Database(const std::string& path);

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_.get(), sql); }
    std::int64_t last_insert_rowid() const;
    // Rows changed by the latest INSERT, UPDATE or DELETE.
    int changes() const;

  private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    std::unique_ptr<sqlite3, Closer> db_;
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction that reads and
// then writes cannot interleave with another writer (even another process).
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

}  // namespace salotto::storage
