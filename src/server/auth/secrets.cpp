// Random secrets; see secrets.hpp.
#include "server/auth/secrets.hpp"

#include <sodium.h>
#include <array>

namespace salotto::auth {

namespace {

constexpr std::string_view kInviteAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t kInviteGroups = 3;
constexpr std::size_t kInviteGroupSize = 4;
constexpr std::string_view kRoomAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
constexpr std::size_t kRoomIdSize = 10;

char random_char(std::string_view alphabet) {
    return alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
}

}  // namespace

NewToken new_session_token() {
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
    text.resize(text.find('\0'));
    sodium_memzero(bytes.data(), bytes.size());
    TokenHash hash = hash_token(text);
    return {std::move(text), std::move(hash)};
}

TokenHash hash_token(std::string_view token) {
    TokenHash hash(crypto_generichash_BYTES);
    crypto_generichash(hash.data(), hash.size(),
                       reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                       0);
    return hash;
}

std::string new_invite_code() {
    std::string code;
    for (std::size_t group = 0; group < kInviteGroups; ++group) {
        if (group > 0) code += '-';
        for (std::size_t i = 0; i < kInviteGroupSize; ++i) code += random_char(kInviteAlphabet);
    }
    return code;
}

std::optional<std::string> normalize_invite_code(std::string_view typed) {
    std::string chars;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (kInviteAlphabet.find(c) == std::string_view::npos) return std::nullopt;
        chars += c;
        if (chars.size() > kInviteGroups * kInviteGroupSize) return std::nullopt;
    }
    if (chars.size() != kInviteGroups * kInviteGroupSize) return std::nullopt;
    std::string code;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (i > 0 && i % kInviteGroupSize == 0) code += '-';
        code += chars[i];
    }
    return code;
}

std::string new_room_id() {
    std::string id;
    for (std::size_t i = 0; i < kRoomIdSize; ++i) id += random_char(kRoomAlphabet);
    return id;
}

}  // namespace salotto::auth
