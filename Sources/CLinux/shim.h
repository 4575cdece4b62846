// Linux calls that Swift's Glibc module leaves out: glibc declares them only with _GNU_SOURCE.
// No system header is included here, so that none of its declarations is taken as this module's.

#if defined(__linux__)
// In glibc since 2.28.
extern int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
#endif

// Exchanges the files at `first` and `second` in one step (RENAME_EXCHANGE, Linux 3.15 and later,
// relative to the working folder: AT_FDCWD); 0, or -1 with errno set (EINVAL where the file system
// cannot). Elsewhere always -1: the caller moves the file instead.
static inline int opsbook_exchange(const char *first, const char *second) {
#if defined(__linux__)
    return renameat2(-100, first, -100, second, 1u << 1);
#else
    (void)first;
    (void)second;
    return -1;
#endif
}
