// Input rules for what people type: handles, display names, bios, passwords and room
// titles (docs/protocol.md, "Limits").
//
// The server enforces them; the web client reuses them to explain a mistake before
// sending anything. Platform-free and without I/O so both targets compile it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/error_code.hpp"

namespace salotto::validation {

// Handles: ASCII only, so they are easy to type, read aloud and put in a link.
inline constexpr std::size_t kHandleMinChars = 3;
inline constexpr std::size_t kHandleMaxChars = 20;
// Display names and titles are counted in Unicode code points, not bytes, so an
// Italian or Cyrillic name gets the same room as an English one.
inline constexpr std::size_t kNameMaxCodePoints = 40;
inline constexpr std::size_t kTitleMaxCodePoints = 80;
// A bio is one line under the name on a profile; it may be empty.
inline constexpr std::size_t kBioMaxCodePoints = 160;
// Passwords are counted in bytes: that is what the hash sees, and the upper bound
// keeps Argon2 input small.
inline constexpr std::size_t kPasswordMinBytes = 8;
inline constexpr std::size_t kPasswordMaxBytes = 128;

// Number of code points in well-formed UTF-8 (no overlong forms, no surrogates, at
// most U+10FFFF), or nothing when `text` is not well-formed.
std::optional<std::size_t> utf8_code_points(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not end inside a
// multi-byte character. For echoing a client's string back cut short: a cut through a
// character is malformed UTF-8, which no JSON encoder may emit.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// A line of human text: well-formed UTF-8, `min`..`max` code points, no control
// characters (C0, DEL, C1), which would break layouts and logs, and no invisible
// formatting: bidirectional overrides, embeddings, isolates and marks, zero-width
// spaces, line and paragraph separators. Zero-width joiners (U+200C, U+200D) are
// allowed only between two non-ASCII characters (emoji sequences, Persian, Indic scripts).
bool is_valid_text(std::string_view text, std::size_t min_code_points, std::size_t max_code_points);

bool is_valid_handle(std::string_view handle);
bool is_valid_display_name(std::string_view name);
bool is_valid_password(std::string_view password);
bool is_valid_room_title(std::string_view title);
bool is_valid_bio(std::string_view bio);

// The error code for the first rule a sign-up breaks, in the order the fields appear
// on the form: handle, name, password.
std::optional<ErrorCode> check_signup_fields(std::string_view handle, std::string_view name,
                                             std::string_view password);

}  // namespace salotto::validation
