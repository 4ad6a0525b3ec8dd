#pragma once
// SIGTERM and SIGINT as an event a thread waits for, not a handler that interrupts one.

namespace stablecut::server {

// Blocks SIGTERM and SIGINT in the calling thread; threads created afterwards inherit the
// mask. Call first thing in main, before anything starts a thread.
void BlockShutdownSignals();

// Waits until SIGTERM or SIGINT arrives and returns its number. Needs BlockShutdownSignals().
int WaitForShutdownSignal();

}  // namespace stablecut::server
