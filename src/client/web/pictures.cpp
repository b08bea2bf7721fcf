// Profile pictures in the browser; see pictures.hpp.
#include "client/web/pictures.hpp"

#include <emscripten/emscripten.h>

#include <cstdint>
#include <nlohmann/json.hpp>

namespace salotto::web {

namespace {

PictureLoader* current = nullptr;  // the one loader JavaScript reports to

// JavaScript inside: clang-format would break it.
// clang-format off
// `user` < 0 is club -user's picture (client::club_picture_key).
EM_JS(void, js_load_picture, (double user, double version), {
    const done = (texture) =>
        Module["ccall"]("salotto_picture_loaded", null, ["number", "number", "number"],
                        [user, version, texture]);
    const path = user < 0 ? "/club-avatars/" + (-user) : "/avatars/" + user;
    fetch(path + "?v=" + version)
        .then((response) => {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.blob();
        })
        .then((blob) => createImageBitmap(blob))
        .then((bitmap) => {
            // A texture registered with Emscripten's GL layer, so that its id works as
            // an ImTextureID in the ImGui renderer.
            const gl = GLctx;
            const texture = gl.createTexture();
            const id = GL.getNewId(GL.textures);
            texture.name = id;
            GL.textures[id] = texture;
            gl.bindTexture(gl.TEXTURE_2D, texture);
            gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
            gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
            gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
            gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
            gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, bitmap);
            gl.bindTexture(gl.TEXTURE_2D, null);
            bitmap.close();
            done(id);
        })
        .catch((error) => {
            console.warn("Salotto: the picture of user " + user + " did not load: " + error);
            done(0);
        });
});

// Reports to salotto_picture_report: {"state": "uploading" | "done" | "failed" |
// "cancelled", "avatar": version, "code", "message"}. `club` 0: the user's own picture.
EM_JS(void, js_send_picture, (const char* token_utf8, int remove, double club), {
    const token = UTF8ToString(token_utf8);
    const api = club > 0 ? "/api/clubs/" + club + "/avatar" : "/api/avatar";
    const report = (message) =>
        Module["ccall"]("salotto_picture_report", null, ["string"], [JSON.stringify(message)]);
    const send = (init) => {
        init.headers = { "Authorization": "Bearer " + token };
        fetch(api, init)
            .then((response) => response.json().then((body) => {
                if (response.ok) report({ state: "done", avatar: body.avatar });
                else report({ state: "failed", code: body.code, message: body.message });
            }))
            .catch((error) => report({ state: "failed", code: "picture_not_sent",

                                       message: "The picture could not be sent: " + error.message }));
    };
    if (remove) {
        report({ state: "uploading" });
        send({ method: "DELETE" });
        return;
    }
    const input = document.createElement("input");
    input.type = "file";
    input.accept = "image/png,image/jpeg";
    input.style.display = "none";
    document.body.appendChild(input);
    input.addEventListener("cancel", () => {
        input.remove();
        report({ state: "cancelled" });
    });
    input.addEventListener("change", () => {
        const file = input.files && input.files[0];
        input.remove();
        if (!file) return report({ state: "cancelled" });
        report({ state: "uploading" });
        send({ method: "POST", body: file });
    });
    // Still within the tap's user activation: the tap was handled in this frame.
    input.click();
});
// clang-format on

}  // namespace

PictureLoader::PictureLoader(client::Pictures& pictures, client::AppState& state,
                             std::function<void()> changed)
    : pictures_(pictures), state_(state), changed_(std::move(changed)) {
    current = this;
}

PictureLoader::~PictureLoader() {
    if (current == this) current = nullptr;
}

void PictureLoader::sync() {
    for (const auto& want : pictures_.wanted()) {
        if (!requested_.insert(want).second) continue;
        js_load_picture(static_cast<double>(want.first), static_cast<double>(want.second));
    }
    pictures_.wanted().clear();

    client::PictureRequests& requests = state_.picture;
    if (requests.picks != picks_seen_) {
        picks_seen_ = requests.picks;
        if (!state_.token.empty())
            js_send_picture(state_.token.c_str(), 0, static_cast<double>(requests.club));
    }
    if (requests.removals != removals_seen_) {
        removals_seen_ = requests.removals;
        if (!state_.token.empty())
            js_send_picture(state_.token.c_str(), 1, static_cast<double>(requests.club));
    }
}

void PictureLoader::loaded(protocol::UserId user, std::int64_t version, unsigned texture) {
    if (texture == 0) return;  // stays drawn as initials; not fetched again
    pictures_.loaded(user, version,
                     reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture)));
    changed_();
}

void PictureLoader::upload_report(std::string_view json) {
    const auto report = nlohmann::json::parse(json, nullptr, false);
    if (!report.is_object()) return;
    const std::string state = report.value("state", "");
    client::PictureRequests& requests = state_.picture;
    requests.pending = state == "uploading";
    if (state == "done") {
        state_.notice = report.value("avatar", 0) > 0
                            ? client::tr(state_.lang, "notice.picture_updated")
                            : client::tr(state_.lang, "notice.picture_removed");
    } else if (state == "failed") {
        // The code picks the catalogue's text when shown (client::error_text).
        state_.error = client::ShownError{
            report.value("code", "picture_not_saved"),
            report.value("message", client::tr(state_.lang, "error.picture_not_saved"))};
    }
    changed_();
}

}  // namespace salotto::web

extern "C" EMSCRIPTEN_KEEPALIVE void salotto_picture_loaded(double user, double version,
                                                            double texture) {
    if (salotto::web::current)
        salotto::web::current->loaded(static_cast<salotto::protocol::UserId>(user),
                                      static_cast<std::int64_t>(version),
                                      static_cast<unsigned>(texture));
}

extern "C" EMSCRIPTEN_KEEPALIVE void salotto_picture_report(const char* json) {
    if (salotto::web::current) salotto::web::current->upload_report(json);
}
