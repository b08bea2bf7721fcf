// Profile pictures: an upload (PNG or JPEG, as the person's browser sent it) becomes
// the one picture the server keeps and serves, a square JPEG of at most
// kAvatarSide pixels. The upload is decoded by libpng or libjpeg-turbo, checked for
// size before any pixel is decoded, cropped to its centre square, scaled with
// stb_image_resize and encoded again, so nothing of the uploaded file (metadata,
// trailing bytes, a crafted stream) reaches other people's browsers.
//
// Pure computation on its arguments: slow enough (a few milliseconds) to run on a
// worker thread, never on the event loop.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/error_code.hpp"

namespace salotto::media {

// The largest upload accepted, in bytes.
inline constexpr std::size_t kMaxAvatarUploadBytes = 256 * 1024;
// Width and height of the stored picture (smaller square uploads keep their size).
inline constexpr int kAvatarSide = 256;
// The largest width or height decoded: a small compressed file can claim a huge
// canvas, and decoding it would cost memory that the file's size does not show.
inline constexpr int kMaxAvatarSourceSide = 4096;
inline constexpr int kAvatarJpegQuality = 85;

struct AvatarError {
    ErrorCode code = ErrorCode::image_invalid;
    std::string message;
};

// The stored JPEG for an upload, or why the upload is refused: image_too_large
// (bytes), image_dimensions (width or height), image_invalid (not a PNG or JPEG, or
// damaged).
std::variant<std::vector<unsigned char>, AvatarError> make_avatar(
    std::span<const unsigned char> upload);

}  // namespace salotto::media
