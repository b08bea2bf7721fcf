// Room chat's rules; see chat.hpp.
#include "core/social/chat.hpp"

#include <algorithm>
#include <cctype>

#include "core/room/room.hpp"
#include "core/validation.hpp"

namespace salotto::social {

bool is_valid_chat_text(std::string_view text) {
    return validation::is_valid_text(text, 1, kChatMaxCodePoints);
}

bool may_delete_chat(const protocol::Member& actor, protocol::UserId sender) {
    return room::is_moderator(actor) || actor.id == sender;
}

namespace {

bool starts_with_scheme(std::string_view text, std::string_view scheme) {
    if (text.size() < scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != scheme[i]) return false;
    return true;
}

// How long the scheme at the start of `text` is, or 0 when there is none.
std::size_t scheme_length(std::string_view text) {
    for (std::string_view scheme : {std::string_view("https://"), std::string_view("http://")})
        if (starts_with_scheme(text, scheme)) return scheme.size();
    return 0;
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// Trims what usually follows a link rather than belonging to it.
std::size_t trimmed_length(std::string_view link) {
    std::size_t length = link.size();
    while (length > 0) {
        const char last = link[length - 1];
        if (std::string_view(".,;:!?'\"").find(last) != std::string_view::npos) {
            --length;
            continue;
        }
        if (last == ')' || last == ']') {
            const char open = last == ')' ? '(' : '[';
            const auto body = link.substr(0, length);
            if (std::count(body.begin(), body.end(), open) <
                std::count(body.begin(), body.end(), last)) {
                --length;
                continue;
            }
        }
        break;
    }
    return length;
}

}  // namespace

std::vector<Link> find_links(std::string_view text) {
    std::vector<Link> links;
    std::size_t i = 0;
    while (i < text.size()) {
        // A link starts a word: at the start or after a space or an opening bracket.
        const bool word_start = i == 0 || is_space(text[i - 1]) || text[i - 1] == '(' ||
                                text[i - 1] == '[' || text[i - 1] == '"' || text[i - 1] == '\'';
        const std::size_t scheme = word_start ? scheme_length(text.substr(i)) : 0;
        if (scheme == 0) {
            ++i;
            continue;
        }
        std::size_t end = i + scheme;
        while (end < text.size() && !is_space(text[end])) ++end;
        const std::size_t length = trimmed_length(text.substr(i, end - i));
        // A scheme with nothing after it is not a link.
        if (length > scheme) links.push_back({i, length});
        i = end;
    }
    return links;
}

}  // namespace salotto::social
