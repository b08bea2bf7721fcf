// Input rules; see validation.hpp and docs/protocol.md.
#include "core/validation.hpp"

#include <cstdint>

#include "core/text/utf8.hpp"

namespace salotto::validation {

namespace {

using text::next_code_point;

bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

// Characters that change how the text around them reads without showing themselves:
// bidirectional embeddings, overrides, isolates and marks (a name that renders
// reversed, or pushes the next name on screen around), invisible spaces and joiners
// (two names that look the same but differ), and line or paragraph separators (a
// "one-line" name that breaks layouts).
bool is_invisible_formatting(char32_t cp) {
    return cp == 0x061C                       // Arabic letter mark
           || cp == 0x180E                    // Mongolian vowel separator
           || cp == 0x200B                    // zero-width space
           || cp == 0x200E || cp == 0x200F    // left-to-right and right-to-left marks
           || (cp >= 0x2028 && cp <= 0x202E)  // line/paragraph separators, embeddings, overrides
           || (cp >= 0x2060 && cp <= 0x206F)  // word joiner, invisible operators, isolates
           || cp == 0xFEFF;                   // zero-width no-break space (BOM)
}

// Zero-width (non-)joiners are allowed only between two non-ASCII characters, where they
// do real work: in emoji sequences and in scripts such as Persian and Devanagari. Next to
// ASCII or at an end they only make look-alike names.
bool is_joiner(char32_t cp) {
    return cp == 0x200C || cp == 0x200D;
}

}  // namespace

std::optional<std::size_t> utf8_code_points(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        if (!next_code_point(text, i)) return std::nullopt;
    }
    return count;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    // Continuation bytes are 10xxxxxx: step back to the lead byte of the cut character.
    while (end > 0 && (static_cast<std::uint8_t>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

bool is_valid_text(std::string_view text, std::size_t min_code_points,
                   std::size_t max_code_points) {
    std::size_t count = 0;
    char32_t previous = 0;
    bool joiner_pending = false;  // the last character was a joiner: the next must not be ASCII
    for (std::size_t i = 0; i < text.size(); ++count) {
        auto cp = next_code_point(text, i);
        if (!cp || is_control(*cp) || is_invisible_formatting(*cp)) return false;
        if (joiner_pending && *cp < 0x80) return false;
        joiner_pending = is_joiner(*cp);
        if (joiner_pending && previous < 0x80) return false;
        previous = *cp;
    }
    if (joiner_pending) return false;
    return count >= min_code_points && count <= max_code_points;
}

bool is_valid_handle(std::string_view handle) {
    if (handle.size() < kHandleMinChars || handle.size() > kHandleMaxChars) return false;
    if (handle.front() < 'a' || handle.front() > 'z') return false;
    for (char c : handle) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

bool is_valid_display_name(std::string_view name) {
    return is_valid_text(name, 1, kNameMaxCodePoints);
}

bool is_valid_password(std::string_view password) {
    return password.size() >= kPasswordMinBytes && password.size() <= kPasswordMaxBytes;
}

bool is_valid_room_title(std::string_view title) {
    return is_valid_text(title, 1, kTitleMaxCodePoints);
}

bool is_valid_bio(std::string_view bio) {
    return is_valid_text(bio, 0, kBioMaxCodePoints);
}

std::optional<ErrorCode> check_signup_fields(std::string_view handle, std::string_view name,
                                             std::string_view password) {
    if (!is_valid_handle(handle)) return ErrorCode::handle_invalid;
    if (!is_valid_display_name(name)) return ErrorCode::name_invalid;
    if (!is_valid_password(password)) return ErrorCode::password_invalid;
    return std::nullopt;
}

}  // namespace salotto::validation
