#ifndef RESPAN_PLAN_CYAML_SHIM_H
#define RESPAN_PLAN_CYAML_SHIM_H
#include <yaml.h>
#endif
