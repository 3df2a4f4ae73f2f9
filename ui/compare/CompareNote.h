#pragma once
// The note above the Compare table when the cluster cannot show a difference the user may expect from the profiles
// compared: acks=1 against acks=all on the embedded cluster (no replication), or aborted transactions that the
// embedded cluster's read_committed cannot hide. Empty when there is nothing to say.
#include "traffic/RunSession.h"

#include <QString>

namespace acklab::ui {

QString compareNoteFor(const RunSpec& spec);

}  // namespace acklab::ui
