#include "x2.h"
void x2_section_protocols(void) {}
