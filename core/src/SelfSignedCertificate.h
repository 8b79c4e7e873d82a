// SelfSignedCertificate.h - makes a self-signed certificate and key (EC
// P-256, SHA-256, subjectAltName for localhost, 127.0.0.1, ::1 and the host
// name, as Go clients require) when none exists yet.
#pragma once

#include <string>

namespace polymur {

/// Create `certPath` and `keyPath` (mode 0600) unless both exist. Returns
/// true when new files were written. Throws Poco::Exception on failure.
bool ensureSelfSignedCertificate(const std::string& certPath, const std::string& keyPath);

} // namespace polymur
