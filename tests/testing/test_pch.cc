// Compiles tests/testing/test_pch.h into the precompiled header the test binaries reuse.
