// Password hashing with Argon2id (libsodium's crypto_pwhash_str), whose output
// string carries its own salt and cost, so old hashes keep verifying after the
// cost changes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace salotto::auth {

// Argon2id cost. Production uses libsodium's INTERACTIVE limits; tests pass the
// minimum so the suite stays fast.
struct PasswordCost {
    unsigned long long ops = 0;
    std::size_t mem = 0;  // bytes

    static PasswordCost interactive();
    static PasswordCost minimum();
};

// The encoded hash, or nothing when libsodium could not allocate the memory.
std::optional<std::string> hash_password(std::string_view password, PasswordCost cost);

bool verify_password(std::string_view password, const std::string& encoded_hash);

}  // namespace salotto::auth
