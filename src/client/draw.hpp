// Drawing helpers shared by the screens: themed buttons that record their rectangle
// for tests, cards, avatars (a circle with initials), the raised-hand and moderator
// marks, and small text utilities.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <imgui.h>

#include "client/screens.hpp"

namespace salotto::client {

enum class ButtonKind { primary, soft, danger, ghost };

// A themed button; records its rectangle as `widget_id`. `size` as in ImGui::Button.
bool button(Ui& ui, const std::string& label, std::string widget_id,
            ButtonKind kind = ButtonKind::soft, ImVec2 size = ImVec2(0, 0));

// A label above a full-width text field, recorded as `widget_id`; returns true when
// Enter was pressed in it. `filter`, when given, sees each typed character (needs
// ImGuiInputTextFlags_CallbackCharFilter in `flags`). `autofill` tells the browser
// what the field holds (its hidden <input>: password managers, phone keyboards).
bool text_field(Ui& ui, const std::string& label, const std::string& hint, std::string widget_id,
                std::span<char> buffer, ImGuiInputTextFlags flags = 0,
                ImGuiInputTextCallback filter = nullptr, Autofill autofill = Autofill::off);

// The text field alone (as wide as ImGui's next item width), bridged to a real hidden
// <input> in the page (widget_rects.hpp): the browser edits the text (typing, IME
// composition, paste, autofill, phone keyboards) and this shows it, caret included.
// `name` is its accessible name. Returns true when Enter was pressed in it.
bool input_field(Ui& ui, const std::string& name, const std::string& hint, std::string widget_id,
                 std::span<char> buffer, ImGuiInputTextFlags flags = 0,
                 ImGuiInputTextCallback filter = nullptr, Autofill autofill = Autofill::off);

// Text in `col` inside a card, wrapped at the card's inner edge (e.g. a form's inline
// error).
void card_text(ImU32 col, std::string_view text);

// Width a button with this label takes (before ImGui::Button pads it).
float button_width(const std::string& label);

// A full-window screen with its content in a centred column at most `max_width`
// wide. Pair with end_screen().
void begin_screen(const char* name, float max_width, bool scroll = true);
void end_screen();

// A white rounded card around what is drawn between begin_card() and end_card().
// Cards do not nest. card_inner_width() is the width available inside.
void begin_card();
void end_card();
float card_inner_width();
// A thin line across the card.
void card_divider();

// Small grey heading above a section.
void section_title(std::string_view text);

// The last error or notice, with a way to dismiss it. Errors read in the user's
// language when the catalogue knows their code (i18n.hpp, error_text).
void draw_messages(Ui& ui);

// The EN / IT switch (widget ids lang.en and lang.it) at the right edge of the content
// column, on the same line as what came before it or, with `same_line` false, below.
void lang_toggle(Ui& ui, bool same_line = true);

float lang_toggle_width();

// "Open" / "Aperta": a room type's name.
std::string room_type_name(Lang lang, protocol::RoomType type);
// "You have 3 invites left." and its zero and one forms.
std::string invites_left_text(Lang lang, int left);

// The user's profile picture (version `picture`, 0 for none) in a circle once it is
// loaded; until then, and without one, a circle in a colour picked from the user id
// with the name's initials.
void avatar(Ui& ui, ImDrawList* dl, ImVec2 center, float radius, protocol::UserId id,
            std::string_view name, std::int64_t picture);
// Clubs' pictures are kept with people's under their negated id (Pictures).
constexpr protocol::UserId club_picture_key(std::int64_t club) {
    return -club;
}
// A club's picture (ClubSummary::avatar), drawn as avatar() draws people's: the
// picture once loaded, else the name's initials on a colour picked from the club id.
void club_avatar(Ui& ui, ImDrawList* dl, ImVec2 center, float radius,
                 const protocol::ClubSummary& club);
void hand_mark(ImDrawList* dl, ImVec2 center, float radius);       // raised hand
void moderator_mark(ImDrawList* dl, ImVec2 center, float radius);  // moderator star
void spinner(ImDrawList* dl, ImVec2 center, float radius);

// Whose picture a link_row() shows at its left: a person's id or club_picture_key(),
// and the picture's version (0: the initials); `id` 0 shows none.
struct RowPicture {
    protocol::UserId id = 0;
    std::int64_t version = 0;
};
// A tappable row naming someone or something: the picture, `line` (also the name the
// initials come from), and `detail` dim under it; true when tapped.
bool link_row(Ui& ui, const std::string& widget_id, const std::string& line,
              const std::string& detail, float width, RowPicture picture = {});

// Up to two initials, upper-cased (Latin, Greek and Cyrillic), e.g. "Ada Lovelace" -> "AL".
std::string initials(std::string_view name);

// Text cut with an ellipsis to fit between x0 and x1 on one line, in `font` at `size`.
void text_clipped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float max_x, ImU32 col,
                  std::string_view text);

}  // namespace salotto::client
