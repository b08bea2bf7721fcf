// The colour theme, spacing and fonts; see theme.hpp.
#include "client/theme.hpp"

#include "client/font_data.hpp"

namespace salotto::client {

namespace {

// The dark palette: the same warm hues on a dark brown ground, the accent lifted so it
// keeps its contrast.
void use_dark_palette() {
    using namespace color;
    kBackground = IM_COL32(30, 26, 24, 255);
    kCard = IM_COL32(44, 38, 35, 255);
    kCardHover = IM_COL32(52, 45, 41, 255);
    kText = IM_COL32(242, 234, 226, 255);
    kTextDim = IM_COL32(170, 154, 144, 255);
    kAccent = IM_COL32(232, 120, 84, 255);
    kAccentHover = IM_COL32(242, 140, 106, 255);
    kAccentActive = IM_COL32(212, 100, 66, 255);
    kSoft = IM_COL32(60, 52, 47, 255);
    kSoftHover = IM_COL32(72, 62, 56, 255);
    kSoftActive = IM_COL32(86, 74, 67, 255);
    kBorder = IM_COL32(70, 61, 55, 255);
    kDanger = IM_COL32(230, 96, 82, 255);
    kDangerHover = IM_COL32(240, 116, 102, 255);
    kErrorBg = IM_COL32(78, 38, 33, 255);
    kNoticeBg = IM_COL32(38, 60, 44, 255);
    kModerator = IM_COL32(102, 182, 132, 255);
}

}  // namespace

void apply_theme(ImGuiStyle& style, Theme theme) {
    if (theme == Theme::dark) use_dark_palette();
    const bool dark = theme == Theme::dark;
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(20, 20);
    style.FramePadding = ImVec2(14, 11);  // ~42 px tall controls: comfortable for fingers
    style.ItemSpacing = ImVec2(10, 12);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.ScrollbarSize = 10;
    style.WindowRounding = 0;
    style.ChildRounding = 14;
    style.FrameRounding = 12;
    style.PopupRounding = 12;
    style.ScrollbarRounding = 8;
    style.GrabRounding = 8;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameBorderSize = 1;
    style.PopupBorderSize = 0;
    style.CircleTessellationMaxError = 0.2f;  // round avatars, even large ones

    auto* c = style.Colors;
    auto v = [](ImU32 col) { return ImGui::ColorConvertU32ToFloat4(col); };
    c[ImGuiCol_Text] = v(color::kText);
    c[ImGuiCol_TextDisabled] = v(color::kTextDim);
    c[ImGuiCol_WindowBg] = v(color::kBackground);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = v(color::kCard);
    c[ImGuiCol_Border] = v(color::kBorder);
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = v(dark ? IM_COL32(36, 31, 29, 255) : IM_COL32(255, 252, 248, 255));
    c[ImGuiCol_FrameBgHovered] = v(dark ? IM_COL32(48, 42, 38, 255) : IM_COL32(255, 247, 238, 255));
    c[ImGuiCol_FrameBgActive] = v(color::kCard);
    c[ImGuiCol_Button] = v(color::kSoft);
    c[ImGuiCol_ButtonHovered] = v(color::kSoftHover);
    c[ImGuiCol_ButtonActive] = v(color::kSoftActive);
    c[ImGuiCol_Header] = v(color::kSoft);
    c[ImGuiCol_HeaderHovered] = v(color::kSoftHover);
    c[ImGuiCol_HeaderActive] = v(color::kSoftActive);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = v(dark ? color::kSoftHover : IM_COL32(215, 200, 186, 255));
    c[ImGuiCol_ScrollbarGrabHovered] = v(dark ? color::kSoftActive : IM_COL32(200, 182, 166, 255));
    c[ImGuiCol_ScrollbarGrabActive] = v(dark ? color::kTextDim : IM_COL32(185, 165, 148, 255));
    c[ImGuiCol_Separator] = v(color::kBorder);
    c[ImGuiCol_TableHeaderBg] = v(color::kSoft);
    c[ImGuiCol_TableBorderStrong] = v(color::kBorder);
    c[ImGuiCol_TableBorderLight] = v(color::kBorder);
    c[ImGuiCol_TextSelectedBg] = v(IM_COL32(240, 190, 160, 160));
    c[ImGuiCol_NavHighlight] = v(color::kAccent);
}

Fonts build_fonts(ImGuiIO& io, float dpr, std::span<const unsigned char> emoji) {
    // Basic Latin + Latin-1 (Italian accents), Latin Extended-A, Greek, Cyrillic, and
    // the punctuation phones type (curly quotes, dashes, ellipsis) plus the euro sign:
    // the same ranges the build subsets the font to (src/client/CMakeLists.txt).
    static constexpr ImWchar kRanges[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x0370, 0x03FF, 0x0400,
                                          0x04FF, 0x2010, 0x2027, 0x20AC, 0x20AC, 0};
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
    // At 2x and above the glyphs are big enough that oversampling only costs memory.
    config.OversampleH = dpr >= 2 ? 1 : 2;
    config.OversampleV = 1;
    auto* data = const_cast<unsigned char*>(kFontData.data());  // ImGui's API is not const
    auto size = static_cast<int>(kFontData.size());
    // The emoji font's glyphs join each size of the text font (MergeMode); the ranges
    // are those the build subsets Symbola to (src/client/CMakeLists.txt).
    static constexpr ImWchar kEmojiRanges[] = {
        0x1F600, 0x1F64F, 0x1F910, 0x1F92F, 0x1F44A, 0x1F450, 0x1F494, 0x1F49F,
        0x2764,  0x2764,  0x270A,  0x270C,  0x2705,  0x2705,  0x274C,  0x274C,
        0x2B50,  0x2B50,  0x1F31F, 0x1F31F, 0x1F525, 0x1F525, 0x1F389, 0x1F38A,
        0x1F4AF, 0x1F4AF, 0x1F680, 0x1F680, 0x1F440, 0x1F440, 0};
    ImFontConfig emoji_config = config;
    emoji_config.MergeMode = true;
    auto* emoji_data = const_cast<unsigned char*>(emoji.data());
    auto emoji_size = static_cast<int>(emoji.size());
    auto add = [&](float css_size) {
        ImFont* font = io.Fonts->AddFontFromMemoryTTF(data, size, css_size * dpr, &config, kRanges);
        // Symbola's pictures sit small in their em square: a size up matches the text.
        if (!emoji.empty())
            io.Fonts->AddFontFromMemoryTTF(emoji_data, emoji_size, css_size * 1.2f * dpr,
                                           &emoji_config, kEmojiRanges);
        return font;
    };
    Fonts fonts;
    fonts.body = add(kBodySize);
    fonts.small = add(kSmallSize);
    fonts.title = add(kTitleSize);
    io.FontDefault = fonts.body;
    io.FontGlobalScale = 1.0f / dpr;
    return fonts;
}

}  // namespace salotto::client
