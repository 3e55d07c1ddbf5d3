/* Test-only stand-in for Windows' bcryptprimitives.dll, for running pufa.exe under Wine 8.
 *
 * Rust's standard library (1.78+) gets random bytes from ProcessPrng in bcryptprimitives.dll,
 * which every Windows 10/11 has but Wine 8 does not. This DLL exports ProcessPrng over
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. It is built by
 * tests/windows/run.sh and placed beside pufa.exe; it is never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
