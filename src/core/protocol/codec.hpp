// JSON text-frame codec for the signalling protocol (docs/protocol.md).
//
// Decoding never throws: a frame that is not valid JSON, not an object, too large,
// of unknown type or with a missing or mistyped field comes back as a DecodeError
// whose code and message can be sent straight back to the peer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"

namespace salotto::protocol {

// Largest text frame a client may send, in bytes.
inline constexpr std::size_t kMaxTextFrame = 16 * 1024;
// Largest event a client accepts: a room snapshot grows with the room (about 100
// bytes a member), so events get far more room than intents.
inline constexpr std::size_t kMaxEventFrame = 4 * 1024 * 1024;
// An unknown or malformed message's type is echoed in the error (`in`) up to this
// many bytes: enough to recognise it, too little to reflect a payload.
inline constexpr std::size_t kMaxEchoedType = 40;

struct DecodeError {
    ErrorCode code = ErrorCode::bad_json;
    std::string message;  // precise, for humans: names the field at fault
    std::string in;       // the message's type when it could be read, else ""
    bool operator==(const DecodeError&) const = default;
};

// Parses one text frame sent by a client.
std::variant<Intent, DecodeError> decode_intent(std::string_view text);

// Parses one text frame sent by the server.
std::variant<Event, DecodeError> decode_event(std::string_view text);

// One JSON object, with the message type in "t".
std::string encode(const Intent& intent);
std::string encode(const Event& event);

// The wire type of a message, e.g. "join_room".
std::string_view type_of(const Intent& intent);
std::string_view type_of(const Event& event);

// Builds the error event answering a rejected intent.
Error make_error(ErrorCode code, std::string_view in, std::string_view message = {});

}  // namespace salotto::protocol
