/* Test helper for tests/windows/run.sh: keeps a file (or folder) open the way a viewer does
 * (read/write sharing, no delete sharing) while pufa rebuilds the site around it.
 * Usage: holdopen FILE READY_MARKER SECONDS. Writes READY_MARKER once FILE is open. */
#include <windows.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 4)
        return 2;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    HANDLE m = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (m != INVALID_HANDLE_VALUE)
        CloseHandle(m);
    Sleep((DWORD)_wtoi(argv[3]) * 1000);
    CloseHandle(h);
    return 0;
}
