#include "x2.h"
void x2_section_ia32(void) {}
