// Argon2id hashing; see password.hpp.
#include "server/auth/password.hpp"

#include <sodium.h>

namespace salotto::auth {

PasswordCost PasswordCost::interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::optional<std::string> hash_password(std::string_view password, PasswordCost cost) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), cost.ops, cost.mem) != 0)
        return std::nullopt;
    return std::string(out);
}

bool verify_password(std::string_view password, const std::string& encoded_hash) {
    return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace salotto::auth
