// KeyFileParser.h - pure parsing of static API key definitions: a key file
// ("name = key" per line, '#' or ';' comments) and the inline list
// ("name:key, name2:key2").
#pragma once

#include "polymur/KeyStore.h"

#include <string>

namespace polymur {

/// Parse key-file text into `keys` (key -> name). Returns "" or an error
/// naming the line (never the key itself).
std::string parseKeyFile(const std::string& text, KeyMap& keys);

/// Parse "name:key, name2:key2" into `keys`. Returns "" or an error.
std::string parseInlineKeys(const std::string& text, KeyMap& keys);

} // namespace polymur
