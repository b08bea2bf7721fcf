// Profile pictures; see avatar_image.hpp.
#include "server/media/avatar_image.hpp"

#include <png.h>
#include <stb_image_resize.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace salotto::media {

namespace {

constexpr int kChannels = 3;  // RGB: transparency is flattened onto white

// Decoded pixels, RGB, rows packed.
struct Pixels {
    int width = 0;
    int height = 0;
    std::vector<unsigned char> rgb;
};

using Decoded = std::variant<Pixels, AvatarError>;

AvatarError invalid(std::string detail) {
    return {ErrorCode::image_invalid,
            "That file is not a PNG or JPEG picture, or it is damaged (" + detail + ")."};
}

std::optional<AvatarError> check_side(int width, int height) {
    if (width < 1 || height < 1) return invalid("it has no pixels");
    if (width > kMaxAvatarSourceSide || height > kMaxAvatarSourceSide)
        return AvatarError{ErrorCode::image_dimensions,
                           "Pictures may be at most " + std::to_string(kMaxAvatarSourceSide) +
                               " pixels wide and high; this one is " + std::to_string(width) + "x" +
                               std::to_string(height) + "."};
    return std::nullopt;
}

bool starts_with(std::span<const unsigned char> bytes, std::initializer_list<unsigned char> magic) {
    return bytes.size() >= magic.size() && std::equal(magic.begin(), magic.end(), bytes.begin());
}

struct PngImageFree {
    void operator()(png_image* image) const { png_image_free(image); }
};

Decoded decode_png(std::span<const unsigned char> bytes) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    // Frees what libpng allocated, on every path out.
    const std::unique_ptr<png_image, PngImageFree> guard(&image);
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        return invalid(image.message);
    if (auto error = check_side(static_cast<int>(image.width), static_cast<int>(image.height)))
        return *error;
    image.format = PNG_FORMAT_RGB;
    Pixels out{static_cast<int>(image.width), static_cast<int>(image.height), {}};
    out.rgb.resize(PNG_IMAGE_SIZE(image));
    // Transparent parts are composited onto white, as the picture would show on a
    // light page.
    const png_color white{255, 255, 255};
    if (!png_image_finish_read(&image, &white, out.rgb.data(), 0, nullptr))
        return invalid(image.message);
    return out;
}

struct TurboJpegDestroy {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TurboJpeg = std::unique_ptr<void, TurboJpegDestroy>;

Decoded decode_jpeg(std::span<const unsigned char> bytes) {
    const TurboJpeg tj(tjInitDecompress());
    if (!tj) return invalid("no decoder");
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()),
                            &width, &height, &subsampling, &colorspace) != 0)
        return invalid(tjGetErrorStr2(tj.get()));
    if (auto error = check_side(width, height)) return *error;
    Pixels out{width, height, {}};
    out.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * kChannels);
    // A damaged stream is refused rather than shown half grey; progressive files
    // with an absurd number of scans (a known way to burn CPU) are refused too.
    if (tjDecompress2(tj.get(), bytes.data(), static_cast<unsigned long>(bytes.size()),
                      out.rgb.data(), width, 0, height, TJPF_RGB,
                      TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS) != 0)
        return invalid(tjGetErrorStr2(tj.get()));
    return out;
}

// The centre square of `pixels`, scaled down to at most kAvatarSide.
Pixels square(const Pixels& pixels) {
    const int side = std::min(pixels.width, pixels.height);
    const int left = (pixels.width - side) / 2;
    const int top = (pixels.height - side) / 2;
    const int stride = pixels.width * kChannels;
    const unsigned char* origin = pixels.rgb.data() +
                                  static_cast<std::size_t>(top) * static_cast<std::size_t>(stride) +
                                  static_cast<std::size_t>(left) * kChannels;
    const int out_side = std::min(side, kAvatarSide);
    Pixels out{out_side, out_side, {}};
    out.rgb.resize(static_cast<std::size_t>(out_side) * static_cast<std::size_t>(out_side) *
                   kChannels);
    stbir_resize_uint8_srgb(origin, side, side, stride, out.rgb.data(), out_side, out_side, 0,
                            kChannels, STBIR_ALPHA_CHANNEL_NONE, 0);
    return out;
}

struct TurboJpegFree {
    void operator()(unsigned char* buffer) const { tjFree(buffer); }
};

std::variant<std::vector<unsigned char>, AvatarError> encode_jpeg(const Pixels& pixels) {
    const TurboJpeg tj(tjInitCompress());
    if (!tj) return AvatarError{ErrorCode::internal, "no JPEG encoder"};
    unsigned char* raw = nullptr;
    unsigned long size = 0;
    const int rc = tjCompress2(tj.get(), pixels.rgb.data(), pixels.width, 0, pixels.height,
                               TJPF_RGB, &raw, &size, TJSAMP_420, kAvatarJpegQuality, 0);
    const std::unique_ptr<unsigned char, TurboJpegFree> buffer(raw);
    if (rc != 0) return AvatarError{ErrorCode::internal, tjGetErrorStr2(tj.get())};
    return std::vector<unsigned char>(raw, raw + size);
}

}  // namespace

std::variant<std::vector<unsigned char>, AvatarError> make_avatar(
    std::span<const unsigned char> upload) {
    if (upload.size() > kMaxAvatarUploadBytes)
        return AvatarError{ErrorCode::image_too_large,
                           "Pictures may be at most " +
                               std::to_string(kMaxAvatarUploadBytes / 1024) + " KB; this one is " +
                               std::to_string((upload.size() + 1023) / 1024) + " KB."};
    Decoded decoded;
    if (starts_with(upload, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}))
        decoded = decode_png(upload);
    else if (starts_with(upload, {0xFF, 0xD8, 0xFF}))
        decoded = decode_jpeg(upload);
    else
        return invalid("it is neither PNG nor JPEG");
    if (auto* error = std::get_if<AvatarError>(&decoded)) return std::move(*error);
    return encode_jpeg(square(std::get<Pixels>(decoded)));
}

}  // namespace salotto::media
