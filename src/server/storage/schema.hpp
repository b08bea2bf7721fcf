// Versioned schema migrations, kept in code so a binary always knows how to bring
// an older database file up to date. The applied version lives in
// `PRAGMA user_version`.
#pragma once

#include "server/storage/database.hpp"

namespace salotto::storage {

// The schema version this binary writes.
int latest_schema_version();

// The version recorded in the database file (0 for a fresh file).
int schema_version(Database& db);

// Applies every migration newer than the file's version, each in its own
// transaction. Refuses (throws) a file written by a newer binary.
void migrate(Database& db);

}  // namespace salotto::storage
