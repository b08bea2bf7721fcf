// The emoji font (a Symbola subset, docs/client.md) arrives after the first screen:
// it is a third of the client's fonts by size and the first screen needs none of it,
// so the page fetches it (emoji.<hash>.ttf, kept by the browser for good) a second
// after the first signed-in screen is drawn, when the browser is idle, and the app
// merges it into its font atlas when it lands.
// Until then emoji draw as the text font's missing-glyph box.
#pragma once

#include <functional>
#include <span>
#include <vector>

namespace salotto::web {

class EmojiFont {
  public:
    // `loaded` runs (on the main thread) once the font's bytes are in.
    explicit EmojiFont(std::function<void()> loaded);
    ~EmojiFont();
    EmojiFont(const EmojiFont&) = delete;
    EmojiFont& operator=(const EmojiFont&) = delete;

    // Starts the download (when the browser is next idle); later calls do nothing.
    void fetch();
    // The font file; empty until it has arrived.
    std::span<const unsigned char> bytes() const {
        return ready_ ? std::span<const unsigned char>(bytes_) : std::span<const unsigned char>();
    }

    // From the page's script: room for the `size` bytes it fetched, then that they are in.
    unsigned char* buffer(int size);
    void ready();

  private:
    std::function<void()> loaded_;
    std::vector<unsigned char> bytes_;
    bool started_ = false;
    bool ready_ = false;
};

}  // namespace salotto::web
