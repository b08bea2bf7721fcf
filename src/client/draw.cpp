// Shared drawing helpers for the screens; see draw.hpp.
#include "client/draw.hpp"

#include <imgui_internal.h>  // GetActiveID, ClearActiveID: the browser's focus leads

#include <algorithm>
#include <array>
#include <cmath>

#include "core/text/utf8.hpp"

namespace salotto::client {

namespace {

constexpr float kCardPadding = 18.0f;
constexpr float kPi = 3.14159265f;

// The card being drawn (cards do not nest, so one is enough).
struct OpenCard {
    float x = 0, width = 0;
    ImU32 color = color::kCard;
} open_card;

// Avatar colours: warm and muted, all dark enough for white initials.
constexpr std::array<ImU32, 8> kAvatarColors = {
    IM_COL32(216, 112, 84, 255),  IM_COL32(108, 160, 132, 255), IM_COL32(74, 78, 110, 255),
    IM_COL32(201, 146, 52, 255),  IM_COL32(176, 96, 116, 255),  IM_COL32(88, 138, 182, 255),
    IM_COL32(146, 102, 168, 255), IM_COL32(120, 120, 84, 255),
};

// Decodes the UTF-8 code point at s[i] and advances i; invalid bytes read as U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    return text::next_code_point(s, i).value_or(U'\uFFFD');
}

using text::append_utf8;

// Upper case for the scripts the font covers: ASCII, Latin-1, basic Greek and Cyrillic.
char32_t to_upper(char32_t cp) {
    if (cp >= U'a' && cp <= U'z') return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
    if (cp == 0x3C2) return 0x3A3;  // final sigma
    if (cp >= 0x3B1 && cp <= 0x3C9) return cp - 32;
    if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
    if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
    return cp;
}

}  // namespace

bool button(Ui& ui, const std::string& label, std::string widget_id, ButtonKind kind, ImVec2 size) {
    int colors = 0;
    auto push = [&](ImGuiCol idx, ImU32 col) {
        ImGui::PushStyleColor(idx, col);
        ++colors;
    };
    switch (kind) {
        case ButtonKind::primary:
            push(ImGuiCol_Button, color::kAccent);
            push(ImGuiCol_ButtonHovered, color::kAccentHover);
            push(ImGuiCol_ButtonActive, color::kAccentActive);
            push(ImGuiCol_Text, IM_COL32_WHITE);
            break;
        case ButtonKind::danger:
            push(ImGuiCol_Button, color::kDanger);
            push(ImGuiCol_ButtonHovered, color::kDangerHover);
            push(ImGuiCol_ButtonActive, color::kDanger);
            push(ImGuiCol_Text, IM_COL32_WHITE);
            break;
        case ButtonKind::ghost:
            push(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
            break;
        case ButtonKind::soft:
            break;
    }
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    // The widget id doubles as the ImGui id, so equal labels never clash.
    std::string full_label = label + "##" + widget_id;
    bool pressed = ImGui::Button(full_label.c_str(), size);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(colors);
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    // Activated from the DOM mirror (Enter, Space, a screen reader's click): a click.
    pressed |= ui.rects.record_last_item(std::move(widget_id), label);
    return pressed;
}

namespace {

// Byte offset of code point `index` in UTF-8 `text` (its end when shorter).
int byte_offset(std::string_view text, int index) {
    std::size_t i = 0;
    for (int n = 0; n < index && i < text.size(); ++n) next_code_point(text, i);
    return static_cast<int>(i);
}

// What the browser's <input> holds, as the field itself would have taken it when
// typed: blanks dropped for CharsNoBlank, each character through `filter`, cut at
// `capacity` bytes on a character boundary.
std::string filtered_text(std::string_view text, ImGuiInputTextFlags flags,
                          ImGuiInputTextCallback filter, std::size_t capacity) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = next_code_point(text, i);
        if ((flags & ImGuiInputTextFlags_CharsNoBlank) && (cp == U' ' || cp == U'\t')) continue;
        if (filter && cp <= 0xFFFF) {
            ImGuiInputTextCallbackData data{};
            data.EventFlag = ImGuiInputTextFlags_CallbackCharFilter;
            data.Flags = flags;
            data.EventChar = static_cast<ImWchar>(cp);
            if (filter(&data) != 0) continue;
            cp = data.EventChar;
        }
        std::string one;
        append_utf8(one, cp);
        if (out.size() + one.size() > capacity) break;
        out += one;
    }
    return out;
}

// Handed to ImGui's callback: the user's character filter, and what the browser has
// for the field while it is active.
struct FieldSync {
    ImGuiInputTextCallback filter = nullptr;
    FieldInput* input = nullptr;
    ImGuiInputTextFlags flags = 0;
};

int field_callback(ImGuiInputTextCallbackData* data) {
    auto* sync = static_cast<FieldSync*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter)
        return sync->filter ? sync->filter(data) : 0;
    if (data->EventFlag != ImGuiInputTextFlags_CallbackAlways || !sync->input) return 0;
    FieldInput& in = *sync->input;
    std::string_view shown(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    if (in.value_changed) {
        const std::string text = filtered_text(in.value, sync->flags, sync->filter,
                                               static_cast<std::size_t>(data->BufSize - 1));
        if (text != shown) {
            data->DeleteChars(0, data->BufTextLen);
            data->InsertChars(0, text.data(), text.data() + text.size());
        }
        in.value_changed = false;
        shown = std::string_view(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    }
    // The browser's caret and selection, drawn by ImGui.
    data->SelectionStart = byte_offset(shown, in.selection_start);
    data->SelectionEnd = byte_offset(shown, in.selection_end);
    data->CursorPos = data->SelectionEnd;
    return 0;
}

}  // namespace

bool input_field(Ui& ui, const std::string& name, const std::string& hint, std::string widget_id,
                 std::span<char> buffer, ImGuiInputTextFlags flags, ImGuiInputTextCallback filter,
                 Autofill autofill) {
    const std::string imgui_id = "##" + widget_id;
    const ImGuiID id = ImGui::GetID(imgui_id.c_str());
    const bool active = ImGui::GetActiveID() == id;
    const bool focused = ui.rects.focused_field() == widget_id;
    FieldSync sync{filter, ui.rects.field(widget_id), flags};
    // The screen changed the text itself (cleared a sent form): ImGui, which keeps
    // its own copy while editing, takes it as if the browser had sent it.
    if (active && sync.input && !sync.input->value_changed && sync.input->value != buffer.data()) {
        sync.input->value = buffer.data();
        sync.input->value_changed = true;
    }
    if (sync.input && sync.input->value_changed && !active) {
        // Filled in while not being edited (a password manager's autofill).
        const std::string text = filtered_text(sync.input->value, flags, filter, buffer.size() - 1);
        std::fill(buffer.begin(), buffer.end(), '\0');
        std::copy(text.begin(), text.end(), buffer.begin());
        sync.input->value_changed = false;
    }
    // The browser's focus leads: its <input> has the keyboard, ImGui draws the field
    // as being edited.
    if (focused && !active) ImGui::SetKeyboardFocusHere();
    bool enter = ImGui::InputTextWithHint(
        imgui_id.c_str(), hint.c_str(), buffer.data(), buffer.size(),
        flags | ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackAlways,
        field_callback, &sync);
    if (!focused && ImGui::GetActiveID() == id) ImGui::ClearActiveID();
    // Enter in the <input> activates the field: as Enter in ImGui.
    enter |= ui.rects.record_last_item(std::move(widget_id), name, Role::textbox);
    ui.rects.mark_field(buffer.data(), (flags & ImGuiInputTextFlags_Password) != 0, autofill);
    return enter;
}

bool text_field(Ui& ui, const std::string& label, const std::string& hint, std::string widget_id,
                std::span<char> buffer, ImGuiInputTextFlags flags, ImGuiInputTextCallback filter,
                Autofill autofill) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopStyleColor();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - 6);  // keep the label close to its field
    return input_field(ui, label, hint, std::move(widget_id), buffer, flags, filter, autofill);
}

void card_text(ImU32 col, std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + card_inner_width());
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

float button_width(const std::string& label) {
    return ImGui::CalcTextSize(label.c_str(), nullptr, true).x +
           ImGui::GetStyle().FramePadding.x * 2;
}

void begin_screen(const char* name, float max_width, bool scroll) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    float side = std::max(16.0f, std::floor((viewport->Size.x - max_width) * 0.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(side, 18));
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                             ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                             ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!scroll) flags |= ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin(name, nullptr, flags);
    ImGui::PopStyleVar();
}

void end_screen() {
    ImGui::End();
}

namespace {

void begin_panel(ImU32 background) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    open_card = {ImGui::GetCursorScreenPos().x, ImGui::GetContentRegionAvail().x, background};
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(open_card.width, kCardPadding - ImGui::GetStyle().ItemSpacing.y));
    ImGui::Indent(kCardPadding);
    ImGui::PushItemWidth(card_inner_width());
}

}  // namespace

void begin_card() {
    begin_panel(color::kCard);
}

void end_card() {
    ImGui::PopItemWidth();
    ImGui::Unindent(kCardPadding);
    ImGui::Dummy(ImVec2(0, kCardPadding - ImGui::GetStyle().ItemSpacing.y));
    ImGui::EndGroup();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    ImVec2 min(open_card.x, ImGui::GetItemRectMin().y);
    ImVec2 max(open_card.x + open_card.width, ImGui::GetItemRectMax().y);
    dl->AddRectFilled(min, max, open_card.color, 16.0f);
    if (open_card.color == color::kCard) dl->AddRect(min, max, color::kBorder, 16.0f);
    dl->ChannelsMerge();
}

float card_inner_width() {
    return open_card.width - 2 * kCardPadding;
}

void card_divider() {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(
        ImVec2(pos.x, pos.y), ImVec2(pos.x + card_inner_width(), pos.y), color::kBorder, 1.0f);
    ImGui::Dummy(ImVec2(card_inner_width(), 1));
}

void section_title(std::string_view text) {
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopStyleColor();
}

void draw_messages(Ui& ui) {
    auto& s = ui.state;
    auto banner = [&](ImU32 background, const std::string& text, bool dismissable,
                      const char* widget_id) {
        begin_panel(background);
        float close_size = dismissable ? 28.0f : 0.0f;
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + card_inner_width() - close_size);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ui.rects.text(std::string(widget_id) + ".text", text);
        bool dismissed = false;
        if (dismissable) {
            ImVec2 text_min = ImGui::GetItemRectMin();
            ImVec2 saved = ImGui::GetCursorScreenPos();
            ImVec2 pos(open_card.x + open_card.width - kCardPadding - close_size, text_min.y - 4);
            ImGui::SetCursorScreenPos(pos);
            ImGui::PushID(static_cast<int>(background));  // error and notice may both show
            dismissed = ImGui::InvisibleButton("dismiss", ImVec2(close_size, close_size));
            ImGui::PopID();
            dismissed |= ui.rects.record_last_item(widget_id, tr(s.lang, "a11y.dismiss"));
            ImU32 col = ImGui::IsItemHovered() ? color::kText : color::kTextDim;
            ImVec2 c(pos.x + close_size * 0.5f, pos.y + close_size * 0.5f);
            float d = 5.0f;
            auto* dl = ImGui::GetWindowDrawList();
            dl->AddLine(ImVec2(c.x - d, c.y - d), ImVec2(c.x + d, c.y + d), col, 2.0f);
            dl->AddLine(ImVec2(c.x - d, c.y + d), ImVec2(c.x + d, c.y - d), col, 2.0f);
            ImGui::SetCursorScreenPos(saved);
        }
        end_card();
        return dismissed;
    };
    if (!s.connected && s.user)
        banner(color::kSoft, tr(s.lang, "common.reconnecting"), false, "messages.reconnecting");
    if (s.error && banner(color::kErrorBg, error_text(s.lang, s.error->code, s.error->message),
                          true, "messages.error"))
        s.error.reset();
    if (!s.notice.empty() && banner(color::kNoticeBg, s.notice, true, "messages.notice"))
        s.notice.clear();
}

namespace {

// Language names are shown as their codes, the same in every language.
constexpr const char* kLangLabels[] = {"EN", "IT"};

}  // namespace

float lang_toggle_width() {
    return button_width(kLangLabels[0]) + button_width(kLangLabels[1]) +
           ImGui::GetStyle().ItemSpacing.x;
}

void lang_toggle(Ui& ui, bool same_line) {
    const float x = ImGui::GetWindowContentRegionMax().x - lang_toggle_width();
    if (same_line)
        ImGui::SameLine(x);
    else
        ImGui::SetCursorPosX(x);

    const Lang langs[] = {Lang::en, Lang::it};
    for (std::size_t i = 0; i < 2; ++i) {
        if (i > 0) ImGui::SameLine();
        const bool picked = ui.state.lang == langs[i];
        if (button(ui, kLangLabels[i], "lang." + std::string(lang_code(langs[i])),
                   picked ? ButtonKind::primary : ButtonKind::ghost))
            ui.state.lang = langs[i];
        ui.rects.mark_pressed(picked);
    }
}

std::string room_type_name(Lang lang, protocol::RoomType type) {
    switch (type) {
        case protocol::RoomType::open:
            return tr(lang, "room_type.open");
        case protocol::RoomType::social:
            return tr(lang, "room_type.social");
        case protocol::RoomType::closed:
            return tr(lang, "room_type.closed");
    }
    return "";
}

std::string invites_left_text(Lang lang, int left) {
    return left == 0 ? tr(lang, "invites.none_left") : trn(lang, "invites.left", left);
}

void avatar(Ui& ui, ImDrawList* dl, ImVec2 center, float radius, protocol::UserId id,
            std::string_view name, std::int64_t picture) {
    if (picture > 0) {
        if (ImTextureID texture = ui.pictures.find(id, picture)) {
            dl->AddImageRounded(texture, ImVec2(center.x - radius, center.y - radius),
                                ImVec2(center.x + radius, center.y + radius), ImVec2(0, 0),
                                ImVec2(1, 1), IM_COL32_WHITE, radius);
            return;
        }
    }
    const Fonts& fonts = ui.fonts;
    auto index = static_cast<std::size_t>(id < 0 ? -id : id) % kAvatarColors.size();
    dl->AddCircleFilled(center, radius, kAvatarColors[index]);
    std::string letters = initials(name);
    ImFont* font = radius > 22 ? fonts.title : fonts.body;
    float size = std::round(radius * 0.78f);
    ImVec2 text = font->CalcTextSizeA(size, FLT_MAX, 0, letters.c_str());
    dl->AddText(font, size,
                ImVec2(std::round(center.x - text.x * 0.5f), std::round(center.y - text.y * 0.52f)),
                IM_COL32_WHITE, letters.c_str());
}

void club_avatar(Ui& ui, ImDrawList* dl, ImVec2 center, float radius,
                 const protocol::ClubSummary& club) {
    avatar(ui, dl, center, radius, club_picture_key(club.id), club.name, club.avatar);
}

void hand_mark(ImDrawList* dl, ImVec2 c, float r) {
    dl->AddCircleFilled(c, r + 2, IM_COL32_WHITE);
    dl->AddCircleFilled(c, r, color::kHand);
    // Four fingers, a palm and a thumb, in units of the radius.
    auto at = [&](float x, float y) { return ImVec2(c.x + x * r, c.y + y * r); };
    const float finger = 0.2f;
    const float tops[4] = {-0.48f, -0.62f, -0.58f, -0.42f};
    for (int i = 0; i < 4; ++i) {
        float x = -0.39f + i * (finger + 0.02f);
        dl->AddRectFilled(at(x, tops[i]), at(x + finger, 0.15f), IM_COL32_WHITE, finger * r * 0.5f);
    }
    dl->AddRectFilled(at(-0.39f, -0.05f), at(0.47f, 0.52f), IM_COL32_WHITE, 0.28f * r);
    dl->AddLine(at(0.42f, 0.22f), at(0.66f, -0.08f), IM_COL32_WHITE, finger * r);
    dl->AddCircleFilled(at(0.66f, -0.08f), finger * r * 0.5f, IM_COL32_WHITE);
}

void moderator_mark(ImDrawList* dl, ImVec2 c, float r) {
    dl->AddCircleFilled(c, r + 2, IM_COL32_WHITE);
    dl->AddCircleFilled(c, r, color::kModerator);
    // A five-pointed star: a pentagon plus a triangle per point.
    ImVec2 outer[5], inner[5];
    for (int i = 0; i < 5; ++i) {
        float a = -kPi / 2 + i * 2 * kPi / 5;
        float b = a + kPi / 5;
        outer[i] = ImVec2(c.x + std::cos(a) * r * 0.68f, c.y + std::sin(a) * r * 0.68f);
        inner[i] = ImVec2(c.x + std::cos(b) * r * 0.3f, c.y + std::sin(b) * r * 0.3f);
    }
    dl->AddConvexPolyFilled(inner, 5, IM_COL32_WHITE);
    for (int i = 0; i < 5; ++i)
        dl->AddTriangleFilled(inner[(i + 4) % 5], outer[i], inner[i], IM_COL32_WHITE);
}

void spinner(ImDrawList* dl, ImVec2 center, float radius) {
    float start = static_cast<float>(ImGui::GetTime()) * 5.0f;
    dl->PathArcTo(center, radius, start, start + kPi * 1.4f, 32);
    dl->PathStroke(color::kAccent, 0, 3.5f);
}

std::string initials(std::string_view name) {
    std::string out;
    int taken = 0;
    bool at_word_start = true;
    char32_t last_word_start = 0;
    for (std::size_t i = 0; i < name.size();) {
        char32_t cp = next_code_point(name, i);
        bool space = cp == U' ' || cp == U'\t' || cp == 0xA0;
        if (!space && at_word_start) {
            if (taken == 0) {
                append_utf8(out, to_upper(cp));
                ++taken;
            } else {
                last_word_start = cp;
            }
        }
        at_word_start = space;
    }
    if (last_word_start) append_utf8(out, to_upper(last_word_start));
    return out.empty() ? "?" : out;
}

bool link_row(Ui& ui, const std::string& widget_id, const std::string& line,
              const std::string& detail, float width, RowPicture picture) {
    constexpr float kHeight = 40;
    constexpr float kPictureRadius = 16;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 row = ImGui::GetCursorScreenPos();
    ImGui::PushID(widget_id.c_str());
    bool clicked = ImGui::InvisibleButton("row", ImVec2(width, kHeight));
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    clicked |= ui.rects.record_last_item(widget_id, line + ", " + detail, Role::link);
    float x = row.x;
    if (picture.id != 0) {
        avatar(ui, dl, ImVec2(row.x + kPictureRadius, row.y + kHeight * 0.5f - 2), kPictureRadius,
               picture.id, line, picture.version);
        x += 2 * kPictureRadius + 10;
    }
    text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(x, row.y), row.x + width,
                 hovered ? color::kAccent : color::kText, line);
    text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(x, row.y + 20), row.x + width,
                 color::kTextDim, detail);
    return clicked;
}

void text_clipped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float max_x, ImU32 col,
                  std::string_view text) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    const char* rest = nullptr;
    float avail = max_x - pos.x;
    font->CalcTextSizeA(size, avail, 0, begin, end, &rest);
    if (rest == end) {
        dl->AddText(font, size, pos, col, begin, end);
        return;
    }
    static constexpr const char* kEllipsis = "\xE2\x80\xA6";  // U+2026
    float ellipsis = font->CalcTextSizeA(size, FLT_MAX, 0, kEllipsis).x;
    ImVec2 fits = font->CalcTextSizeA(size, std::max(0.0f, avail - ellipsis), 0, begin, end, &rest);
    dl->AddText(font, size, pos, col, begin, rest);
    dl->AddText(font, size, ImVec2(pos.x + fits.x, pos.y), col, kEllipsis);
}

}  // namespace salotto::client
