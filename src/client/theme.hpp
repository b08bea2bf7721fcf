// Salotto's look: a warm palette, rounded shapes, roomy touch-friendly spacing, and
// the fonts. Sizes are in CSS pixels; the web layer scales for devicePixelRatio.
#pragma once

#include <imgui.h>

#include <span>

namespace salotto::client {

// The palette. Light by default; apply_theme(style, Theme::dark) switches it for the
// dark theme an embed may ask for (docs/embedding.md), so the values are variables.
namespace color {
inline ImU32 kBackground = IM_COL32(250, 245, 238, 255);
inline ImU32 kCard = IM_COL32(255, 255, 255, 255);
inline ImU32 kCardHover = IM_COL32(255, 249, 242, 255);
inline ImU32 kText = IM_COL32(46, 36, 32, 255);
inline ImU32 kTextDim = IM_COL32(140, 123, 112, 255);
inline ImU32 kAccent = IM_COL32(216, 97, 60, 255);
inline ImU32 kAccentHover = IM_COL32(228, 116, 80, 255);
inline ImU32 kAccentActive = IM_COL32(194, 82, 47, 255);
inline ImU32 kSoft = IM_COL32(241, 231, 220, 255);
inline ImU32 kSoftHover = IM_COL32(234, 220, 205, 255);
inline ImU32 kSoftActive = IM_COL32(224, 206, 188, 255);
inline ImU32 kBorder = IM_COL32(234, 222, 209, 255);
inline ImU32 kDanger = IM_COL32(190, 58, 46, 255);
inline ImU32 kDangerHover = IM_COL32(206, 72, 58, 255);
inline ImU32 kErrorBg = IM_COL32(252, 228, 222, 255);
inline ImU32 kNoticeBg = IM_COL32(234, 242, 230, 255);
inline ImU32 kHand = IM_COL32(240, 176, 58, 255);
inline ImU32 kModerator = IM_COL32(78, 150, 106, 255);
}  // namespace color

// Font sizes in CSS pixels.
inline constexpr float kBodySize = 17.0f;
inline constexpr float kSmallSize = 14.0f;
inline constexpr float kTitleSize = 27.0f;

struct Fonts {
    ImFont* body = nullptr;  // the default font
    ImFont* small = nullptr;
    ImFont* title = nullptr;
};

enum class Theme { light, dark };

// Sets the palette above and ImGui's style for `theme`.
void apply_theme(ImGuiStyle& style, Theme theme = Theme::light);

// Rebuilds the font atlas for a device pixel ratio: glyphs are rasterised at
// size * dpr and drawn at 1/dpr (io.FontGlobalScale), so text is crisp on HiDPI
// screens. The renderer must upload the atlas texture again afterwards. `emoji` is the
// emoji font file (merged into every size), or empty while it has not arrived.
Fonts build_fonts(ImGuiIO& io, float dpr, std::span<const unsigned char> emoji);

}  // namespace salotto::client
