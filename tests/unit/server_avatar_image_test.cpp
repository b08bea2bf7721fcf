// Profile pictures: what make_avatar keeps of good uploads, and the precise refusal of
// bad ones. The test pictures are made here with the same libraries, so each case
// says exactly what the file holds.
#include <gtest/gtest.h>
#include <png.h>
#include <turbojpeg.h>

#include <cstdlib>
#include <vector>

#include "server/media/avatar_image.hpp"

namespace salotto::media {
namespace {

struct Decoded {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
};

// A PNG of width x height, RGBA, filled by `pixel(x, y)`.
template <class Fill>
std::vector<unsigned char> make_png(int width, int height, Fill pixel) {
    std::vector<unsigned char> rgba(static_cast<std::size_t>(width * height * 4));
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const auto p = pixel(x, y);
            std::copy(p.begin(), p.end(), rgba.begin() + (y * width + x) * 4);
        }
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(width);
    image.height = static_cast<png_uint_32>(height);
    image.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    EXPECT_TRUE(png_image_write_to_memory(&image, nullptr, &size, 0, rgba.data(), 0, nullptr));
    std::vector<unsigned char> out(size);
    EXPECT_TRUE(png_image_write_to_memory(&image, out.data(), &size, 0, rgba.data(), 0, nullptr));
    out.resize(size);
    return out;
}

std::vector<unsigned char> make_jpeg(int width, int height, std::array<unsigned char, 3> colour) {
    std::vector<unsigned char> rgb;
    for (int i = 0; i < width * height; ++i) rgb.insert(rgb.end(), colour.begin(), colour.end());
    tjhandle tj = tjInitCompress();
    unsigned char* raw = nullptr;
    unsigned long size = 0;
    EXPECT_EQ(
        tjCompress2(tj, rgb.data(), width, 0, height, TJPF_RGB, &raw, &size, TJSAMP_444, 95, 0), 0);
    std::vector<unsigned char> out(raw, raw + size);
    tjFree(raw);
    tjDestroy(tj);
    return out;
}

Decoded decode(const std::vector<unsigned char>& jpeg) {
    tjhandle tj = tjInitDecompress();
    Decoded out;
    int subsampling = 0, colorspace = 0;
    EXPECT_EQ(tjDecompressHeader3(tj, jpeg.data(), jpeg.size(), &out.width, &out.height,
                                  &subsampling, &colorspace),
              0);
    out.rgb.resize(static_cast<std::size_t>(out.width * out.height * 3));
    EXPECT_EQ(tjDecompress2(tj, jpeg.data(), jpeg.size(), out.rgb.data(), out.width, 0, out.height,
                            TJPF_RGB, 0),
              0);
    tjDestroy(tj);
    return out;
}

// The pixel at (x, y) is within `tolerance` of `expected` on every channel (JPEG is lossy).
void expect_near(const Decoded& image, int x, int y, std::array<int, 3> expected,
                 int tolerance = 12) {
    const auto* p = &image.rgb[static_cast<std::size_t>((y * image.width + x) * 3)];
    for (int c = 0; c < 3; ++c)
        EXPECT_NEAR(p[c], expected[c], tolerance) << "channel " << c << " at " << x << "," << y;
}

ErrorCode refusal(const std::vector<unsigned char>& upload) {
    auto result = make_avatar(upload);
    EXPECT_TRUE(std::holds_alternative<AvatarError>(result));
    if (!std::holds_alternative<AvatarError>(result)) return ErrorCode::internal;
    EXPECT_FALSE(std::get<AvatarError>(result).message.empty());
    return std::get<AvatarError>(result).code;
}

TEST(AvatarImage, AWidePngBecomesItsCentreSquareFlattenedOntoWhite) {
    // 600x400: the left and right 100 columns are red (cropped away), the middle is
    // blue with a fully transparent band across its top 40 rows.
    auto png = make_png(600, 400, [](int x, int y) -> std::array<unsigned char, 4> {
        if (x < 100 || x >= 500) return {255, 0, 0, 255};
        if (y < 40) return {0, 0, 0, 0};
        return {0, 0, 255, 255};
    });
    auto result = make_avatar(png);
    ASSERT_TRUE(std::holds_alternative<std::vector<unsigned char>>(result));
    const auto image = decode(std::get<std::vector<unsigned char>>(result));
    EXPECT_EQ(image.width, kAvatarSide);
    EXPECT_EQ(image.height, kAvatarSide);
    expect_near(image, 128, 200, {0, 0, 255});
    // The red sides were cropped away; transparency is white.
    expect_near(image, 2, 200, {0, 0, 255});
    expect_near(image, 128, 5, {255, 255, 255});
}

TEST(AvatarImage, ASmallJpegKeepsItsSizeAndColour) {
    auto result = make_avatar(make_jpeg(100, 60, {30, 160, 90}));
    ASSERT_TRUE(std::holds_alternative<std::vector<unsigned char>>(result));
    const auto image = decode(std::get<std::vector<unsigned char>>(result));
    EXPECT_EQ(image.width, 60);
    EXPECT_EQ(image.height, 60);
    expect_near(image, 30, 30, {30, 160, 90});
}

TEST(AvatarImage, TheStoredFileIsANewEncodingNotTheUpload) {
    auto upload = make_jpeg(64, 64, {200, 10, 10});
    const std::vector<unsigned char> trailer = {'<', 's', 'c', 'r', 'i', 'p', 't', '>'};
    upload.insert(upload.end(), trailer.begin(), trailer.end());
    auto result = make_avatar(upload);
    ASSERT_TRUE(std::holds_alternative<std::vector<unsigned char>>(result));
    const auto& stored = std::get<std::vector<unsigned char>>(result);
    EXPECT_EQ(std::search(stored.begin(), stored.end(), trailer.begin(), trailer.end()),
              stored.end());
}

TEST(AvatarImage, UploadsOverTheByteLimitAreRefusedBeforeDecoding) {
    auto upload = make_jpeg(8, 8, {1, 2, 3});
    upload.resize(kMaxAvatarUploadBytes + 1, 0);
    EXPECT_EQ(refusal(upload), ErrorCode::image_too_large);
}

TEST(AvatarImage, PicturesWiderOrTallerThanTheLimitAreRefused) {
    auto wide = make_png(kMaxAvatarSourceSide + 1, 2, [](int, int) -> std::array<unsigned char, 4> {
        return {9, 9, 9, 255};
    });
    EXPECT_LT(wide.size(), kMaxAvatarUploadBytes) << "small file, big canvas";
    EXPECT_EQ(refusal(wide), ErrorCode::image_dimensions);
    EXPECT_EQ(refusal(make_jpeg(2, kMaxAvatarSourceSide + 1, {0, 0, 0})),
              ErrorCode::image_dimensions);
}

TEST(AvatarImage, DamagedAndForeignFilesAreRefusedAsInvalid) {
    auto png = make_png(32, 32, [](int, int) -> std::array<unsigned char, 4> {
        return {10, 20, 30, 255};
    });
    auto truncated_png = png;
    truncated_png.resize(png.size() / 2);
    EXPECT_EQ(refusal(truncated_png), ErrorCode::image_invalid);

    auto jpeg = make_jpeg(32, 32, {1, 2, 3});
    auto truncated_jpeg = jpeg;
    truncated_jpeg.resize(jpeg.size() / 2);
    EXPECT_EQ(refusal(truncated_jpeg), ErrorCode::image_invalid);

    auto corrupt_png = png;
    for (std::size_t i = 40; i < corrupt_png.size() - 12; i += 7) corrupt_png[i] ^= 0x5A;
    EXPECT_EQ(refusal(corrupt_png), ErrorCode::image_invalid);

    const std::vector<unsigned char> gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0};
    EXPECT_EQ(refusal(gif), ErrorCode::image_invalid);
    EXPECT_EQ(refusal({}), ErrorCode::image_invalid);
}

}  // namespace
}  // namespace salotto::media
