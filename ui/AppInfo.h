#pragma once
// The application's identity, used for QSettings and window titles.
namespace acklab::ui {
inline constexpr const char* kOrganization = "AckLab";
inline constexpr const char* kApplication = "AckLab";
}  // namespace acklab::ui
