// DirectFileWriter: the file holds exactly the bytes appended, whatever their sizes and
// the pieces they came in, with O_DIRECT (the padded last block cut away) and without it.
#include "tools/sandbox/pypi/direct_file_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <unistd.h>

#include <cstdio>
#include <string>

#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace stablecut::sandbox::pypi {
namespace {

using ::stablecut::testing::IsOk;

std::string Pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
  return bytes;
}

void ExpectWritesExactly(std::string const& dir) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{4096},
                           std::size_t{(1 << 20) - 1}, std::size_t{1 << 20},
                           std::size_t{(3 << 20) + 4097}}) {
    for (std::size_t piece : {std::size_t{1000}, std::size_t{65536 + 3}}) {
      SCOPED_TRACE(::testing::Message() << "size " << size << ", pieces of " << piece);
      std::string path = dir + "/written";
      std::string bytes = Pattern(size);
      DirectFileWriter writer;
      ASSERT_THAT(writer.Open(path), IsOk());
      for (std::size_t at = 0; at < size; at += piece) {
        ASSERT_TRUE(writer.Append(absl::string_view(bytes).substr(at, piece)));
      }
      EXPECT_EQ(writer.size(), size);
      ASSERT_TRUE(writer.Close());
      EXPECT_EQ(stablecut::testing::ReadFileOrEmpty(path), bytes);
    }
  }
}

TEST(DirectFileWriter, WritesExactlyTheBytesAppendedOnTheTestsDisk) {
  stablecut::testing::TempDir dir;
  ExpectWritesExactly(dir.path());
  DirectFileWriter probe;
  ASSERT_THAT(probe.Open(dir.path() + "/probe"), IsOk());
  std::printf("O_DIRECT on %s: %s\n", dir.path().c_str(), probe.direct() ? "yes" : "refused");
  EXPECT_TRUE(probe.Close());
}

// tmpfs refused O_DIRECT before Linux 6.6: then the ordinary path is the one tested here.
TEST(DirectFileWriter, WritesExactlyTheBytesAppendedInSharedMemory) {
  struct stat shm {};
  if (stat("/dev/shm", &shm) != 0 || !S_ISDIR(shm.st_mode)) {
    GTEST_SKIP() << "no /dev/shm on this machine";
  }
  std::string dir = "/dev/shm/stablecut-direct-writer-" + std::to_string(getpid());
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ExpectWritesExactly(dir);
  std::remove((dir + "/written").c_str());
  rmdir(dir.c_str());
}

TEST(DirectFileWriter, NamesAFileItCannotCreate) {
  DirectFileWriter writer;
  absl::Status opened = writer.Open("/nonexistent-dir/spool");
  EXPECT_FALSE(opened.ok());
  EXPECT_NE(opened.message().find("/nonexistent-dir/spool"), absl::string_view::npos);
  EXPECT_FALSE(writer.Append("x"));
}

// A device that refuses every write (ENOSPC): the failure surfaces from Append within a few
// buffers, however far ahead the writer thread runs, and from Close.
TEST(DirectFileWriter, AFailedWriteStopsAppendAndClose) {
  DirectFileWriter writer;
  ASSERT_THAT(writer.Open("/dev/full"), IsOk());
  std::string const mib(1 << 20, 'x');
  bool refused = false;
  for (int i = 0; i < 8 && !refused; ++i) refused = !writer.Append(mib);
  EXPECT_TRUE(refused) << "8 MiB appended to /dev/full without a failure";
  EXPECT_FALSE(writer.Append("more"));
  EXPECT_FALSE(writer.Close());
}

// Dropped without Close (an upload cut off): the writer thread stops, nothing hangs.
TEST(DirectFileWriter, ADroppedWriterStopsItsThread) {
  stablecut::testing::TempDir dir;
  std::string const bytes = Pattern((5 << 20) + 17);
  {
    DirectFileWriter writer;
    ASSERT_THAT(writer.Open(dir.path() + "/dropped"), IsOk());
    ASSERT_TRUE(writer.Append(bytes));
  }
  DirectFileWriter again;
  ASSERT_THAT(again.Open(dir.path() + "/dropped"), IsOk());
  ASSERT_TRUE(again.Append(bytes));
  ASSERT_TRUE(again.Close());
  EXPECT_EQ(stablecut::testing::ReadFileOrEmpty(dir.path() + "/dropped"), bytes);
}

}  // namespace
}  // namespace stablecut::sandbox::pypi
