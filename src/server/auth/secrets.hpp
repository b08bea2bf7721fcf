// Random secrets and identifiers: session tokens, invite codes and room ids, all
// drawn from libsodium's CSPRNG (call sodium_init() once before use).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salotto::auth {

using TokenHash = std::vector<unsigned char>;

struct NewToken {
    std::string token;  // for the client only: 32 random bytes, base64url
    TokenHash hash;     // what the database keeps
};

NewToken new_session_token();

// BLAKE2b-256 of the token as the client sends it. A stolen database therefore
// holds no usable tokens, and no slow hash is needed: tokens have 256 bits.
TokenHash hash_token(std::string_view token);

// 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L), grouped as
// XXXX-XXXX-XXXX so it can be read aloud or typed from a phone.
std::string new_invite_code();

// What a person typed, in canonical form: upper case, dashes restored, spaces and
// stray dashes dropped. Nothing when it cannot be an invite code.
std::optional<std::string> normalize_invite_code(std::string_view typed);

// 10 lowercase characters of a base32 alphabet without look-alikes, short enough
// for a /r/<id> link.
std::string new_room_id();

}  // namespace salotto::auth
