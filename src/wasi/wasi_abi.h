// The wasi_snapshot_preview1 ABI: errno values, flag bits and the byte
// layouts of the structures guests pass through linear memory. Numbers follow
// the witx definitions (as in wasi-libc's <wasi/api.h>).
#pragma once

#include <cstdint>

namespace kiln::wasi {

/// A WASI error number, returned by every function as an i32.
enum class Errno : uint16_t {
  Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4, AfNoSupport = 5,
  Again = 6, Already = 7, Badf = 8, BadMsg = 9, Busy = 10, Canceled = 11, Child = 12,
  ConnAborted = 13, ConnRefused = 14, ConnReset = 15, Deadlk = 16, DestAddrReq = 17, Dom = 18,
  Dquot = 19, Exist = 20, Fault = 21, Fbig = 22, HostUnreach = 23, Idrm = 24, Ilseq = 25,
  InProgress = 26, Intr = 27, Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32,
  Mfile = 33, Mlink = 34, MsgSize = 35, Multihop = 36, NameTooLong = 37, NetDown = 38,
  NetReset = 39, NetUnreach = 40, Nfile = 41, NoBufs = 42, NoDev = 43, NoEnt = 44,
  NoExec = 45, NoLck = 46, NoLink = 47, NoMem = 48, NoMsg = 49, NoProtoOpt = 50, NoSpc = 51,
  NoSys = 52, NotConn = 53, NotDir = 54, NotEmpty = 55, NotRecoverable = 56, NotSock = 57,
  NotSup = 58, NotTy = 59, Nxio = 60, Overflow = 61, OwnerDead = 62, Perm = 63, Pipe = 64,
  Proto = 65, ProtoNoSupport = 66, ProtoType = 67, Range = 68, Rofs = 69, Spipe = 70,
  Srch = 71, Stale = 72, TimedOut = 73, TxtBsy = 74, Xdev = 75, NotCapable = 76,
};

/// Rights: which operations a descriptor allows (`rights` bit set).
namespace rights {
inline constexpr uint64_t kFdDatasync = 1ull << 0;
inline constexpr uint64_t kFdRead = 1ull << 1;
inline constexpr uint64_t kFdSeek = 1ull << 2;
inline constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
inline constexpr uint64_t kFdSync = 1ull << 4;
inline constexpr uint64_t kFdTell = 1ull << 5;
inline constexpr uint64_t kFdWrite = 1ull << 6;
inline constexpr uint64_t kFdAdvise = 1ull << 7;
inline constexpr uint64_t kFdAllocate = 1ull << 8;
inline constexpr uint64_t kPathCreateDirectory = 1ull << 9;
inline constexpr uint64_t kPathCreateFile = 1ull << 10;
inline constexpr uint64_t kPathLinkSource = 1ull << 11;
inline constexpr uint64_t kPathLinkTarget = 1ull << 12;
inline constexpr uint64_t kPathOpen = 1ull << 13;
inline constexpr uint64_t kFdReaddir = 1ull << 14;
inline constexpr uint64_t kPathReadlink = 1ull << 15;
inline constexpr uint64_t kPathRenameSource = 1ull << 16;
inline constexpr uint64_t kPathRenameTarget = 1ull << 17;
inline constexpr uint64_t kPathFilestatGet = 1ull << 18;
inline constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
inline constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
inline constexpr uint64_t kFdFilestatGet = 1ull << 21;
inline constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
inline constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
inline constexpr uint64_t kPathSymlink = 1ull << 24;
inline constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
inline constexpr uint64_t kPathUnlinkFile = 1ull << 26;
inline constexpr uint64_t kPollFdReadwrite = 1ull << 27;
inline constexpr uint64_t kSockShutdown = 1ull << 28;
inline constexpr uint64_t kSockAccept = 1ull << 29;
/// Every right preview 1 defines.
inline constexpr uint64_t kAll = (1ull << 30) - 1;
/// The rights that act on an open file's contents and metadata.
inline constexpr uint64_t kFileOps =
    kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell | kFdWrite |
    kFdAdvise | kFdAllocate | kFdFilestatGet | kFdFilestatSetSize | kFdFilestatSetTimes |
    kPollFdReadwrite;
/// The rights that make a descriptor writable when opened.
inline constexpr uint64_t kWriting = kFdDatasync | kFdWrite | kFdAllocate | kFdFilestatSetSize;
}  // namespace rights

/// File types (`filetype`).
enum class FileType : uint8_t {
  Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3, RegularFile = 4,
  SocketDgram = 5, SocketStream = 6, SymbolicLink = 7,
};

// Flag bits.
inline constexpr uint16_t kFdflagAppend = 1 << 0;
inline constexpr uint16_t kFdflagDsync = 1 << 1;
inline constexpr uint16_t kFdflagNonblock = 1 << 2;
inline constexpr uint16_t kFdflagRsync = 1 << 3;
inline constexpr uint16_t kFdflagSync = 1 << 4;
inline constexpr uint16_t kOflagCreat = 1 << 0;
inline constexpr uint16_t kOflagDirectory = 1 << 1;
inline constexpr uint16_t kOflagExcl = 1 << 2;
inline constexpr uint16_t kOflagTrunc = 1 << 3;
inline constexpr uint32_t kLookupSymlinkFollow = 1 << 0;
inline constexpr uint16_t kFstflagAtim = 1 << 0;
inline constexpr uint16_t kFstflagAtimNow = 1 << 1;
inline constexpr uint16_t kFstflagMtim = 1 << 2;
inline constexpr uint16_t kFstflagMtimNow = 1 << 3;
inline constexpr uint16_t kSubclockAbstime = 1 << 0;
inline constexpr uint16_t kEventFdReadwriteHangup = 1 << 0;

inline constexpr uint8_t kWhenceSet = 0;
inline constexpr uint8_t kWhenceCur = 1;
inline constexpr uint8_t kWhenceEnd = 2;

inline constexpr uint32_t kClockRealtime = 0;
inline constexpr uint32_t kClockMonotonic = 1;
inline constexpr uint32_t kClockProcessCputime = 2;
inline constexpr uint32_t kClockThreadCputime = 3;

inline constexpr uint8_t kEventTypeClock = 0;
inline constexpr uint8_t kEventTypeFdRead = 1;
inline constexpr uint8_t kEventTypeFdWrite = 2;

inline constexpr uint8_t kPreopenTypeDir = 0;

/// Structure sizes and field offsets in guest memory (all little-endian).
namespace layout {
inline constexpr uint32_t kIovecSize = 8;  // buf u32 @0, buf_len u32 @4
inline constexpr uint32_t kFdstatSize = 24;
inline constexpr uint32_t kFdstatFiletype = 0, kFdstatFlags = 2, kFdstatRightsBase = 8,
                          kFdstatRightsInheriting = 16;
/// Where a filestat's fields lie: dev u64 @0, ino u64 @8 and filetype u8
/// @16 in both snapshots; preview 0 (wasi_unstable) has a u32 nlink, which
/// moves the fields after it up by 8 bytes.
struct FilestatLayout {
  uint32_t size, nlink, nlinkBytes, fileSize, atim, mtim, ctim;
};
inline constexpr uint32_t kFilestatDev = 0, kFilestatIno = 8, kFilestatFiletype = 16;
inline constexpr FilestatLayout kFilestat{64, 24, 8, 32, 40, 48, 56};
inline constexpr FilestatLayout kFilestatPreview0{56, 20, 4, 24, 32, 40, 48};
inline constexpr uint32_t kPrestatSize = 8;  // tag u8 @0, name length u32 @4
inline constexpr uint32_t kDirentSize = 24;
inline constexpr uint32_t kDirentNext = 0, kDirentIno = 8, kDirentNamlen = 16, kDirentType = 20;
/// Where a subscription's fields lie: userdata u64 @0, tag u8 @8, and for
/// descriptors the fd u32 @16 in both snapshots; preview 0's clock
/// subscription starts with a u64 identifier, which moves the clock fields.
struct SubscriptionLayout {
  uint32_t size, clockId, clockTimeout, clockFlags;
};
inline constexpr uint32_t kSubUserdata = 0, kSubTag = 8, kSubFd = 16;
inline constexpr SubscriptionLayout kSubscription{48, 16, 24, 40};
inline constexpr SubscriptionLayout kSubscriptionPreview0{56, 24, 32, 48};
inline constexpr uint32_t kEventSize = 32;
inline constexpr uint32_t kEventUserdata = 0, kEventError = 8, kEventType = 10,
                          kEventNbytes = 16, kEventFlags = 24;
}  // namespace layout

}  // namespace kiln::wasi
