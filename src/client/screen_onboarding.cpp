// Onboarding: sign up with an invite code, or log in.
#include <algorithm>
#include <cmath>

#include "client/draw.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

// Handles are lower case; fold capitals as they are typed instead of rejecting later.
int handle_filter(ImGuiInputTextCallbackData* data) {
    if (data->EventChar >= 'A' && data->EventChar <= 'Z') data->EventChar += 'a' - 'A';
    return data->EventChar == ' ' ? 1 : 0;
}

const char* text(const auto& buffer) {
    return buffer.data();
}

}  // namespace

void draw_onboarding(Ui& ui) {
    begin_screen("onboarding", 440);
    auto& f = ui.ui;
    float height = ImGui::GetMainViewport()->Size.y;
    ImGui::Dummy(ImVec2(0, std::round(std::max(0.0f, height * 0.08f - 10))));

    ImGui::PushFont(ui.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextUnformatted("Salotto");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    lang_toggle(ui);
    const Lang lang = ui.state.lang;
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", tr(lang, "onboarding.tagline").c_str());
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, 6));

    // Sign up / Log in as a segmented control.
    float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    bool signup = f.mode == UiState::Mode::signup;
    if (button(ui, tr(lang, "onboarding.mode_signup"), "onboarding.mode_signup",
               signup ? ButtonKind::primary : ButtonKind::soft, ImVec2(half, 0)))
        f.mode = UiState::Mode::signup;
    ui.rects.mark_pressed(signup);
    ImGui::SameLine();
    if (button(ui, tr(lang, "onboarding.mode_login"), "onboarding.mode_login",
               signup ? ButtonKind::soft : ButtonKind::primary, ImVec2(half, 0)))
        f.mode = UiState::Mode::login;
    ui.rects.mark_pressed(!signup);
    ImGui::Dummy(ImVec2(0, 2));

    begin_card();
    bool submit = false;
    const ImGuiInputTextFlags handle_flags = ImGuiInputTextFlags_CallbackCharFilter;
    if (signup) {
        submit |= text_field(ui, tr(lang, "signup.invite"), tr(lang, "signup.invite_hint"),
                             "signup.invite", f.invite, ImGuiInputTextFlags_CharsNoBlank, nullptr,
                             Autofill::one_time_code);
        submit |=
            text_field(ui, tr(lang, "signup.handle"), tr(lang, "signup.handle_hint"),
                       "signup.handle", f.handle, handle_flags, handle_filter, Autofill::username);
        submit |= text_field(ui, tr(lang, "signup.name"), tr(lang, "signup.name_hint"),
                             "signup.name", f.name, 0, nullptr, Autofill::name);
        submit |= text_field(ui, tr(lang, "signup.password"), tr(lang, "signup.password_hint"),
                             "signup.password", f.password, ImGuiInputTextFlags_Password, nullptr,
                             Autofill::new_password);
        ImGui::Dummy(ImVec2(0, 2));
        submit |= button(ui, tr(lang, "signup.submit"), "signup.submit", ButtonKind::primary,
                         ImVec2(card_inner_width(), 0));
        if (submit) {
            ui.send(
                protocol::Signup{text(f.invite), text(f.handle), text(f.name), text(f.password)});
        }
    } else {
        submit |=
            text_field(ui, tr(lang, "login.handle"), tr(lang, "login.handle_hint"), "login.handle",
                       f.login_handle, handle_flags, handle_filter, Autofill::username);
        submit |= text_field(ui, tr(lang, "login.password"), "", "login.password", f.login_password,
                             ImGuiInputTextFlags_Password, nullptr, Autofill::current_password);
        ImGui::Dummy(ImVec2(0, 2));
        submit |= button(ui, tr(lang, "login.submit"), "login.submit", ButtonKind::primary,
                         ImVec2(card_inner_width(), 0));
        if (submit) ui.send(protocol::Login{text(f.login_handle), text(f.login_password)});
    }
    end_card();
    draw_messages(ui);
    end_screen();
}

}  // namespace salotto::client
