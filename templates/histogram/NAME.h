/* @NAME@'s histogram: a map value the runner prints as log2 buckets (build writes its
   maps: entry because the value is one array of counters). */
#ifndef @GUARD@_H
#define @GUARD@_H

#define MAX_SLOTS 27

struct hist {
	__u32 slots[MAX_SLOTS]; /* slot i: sleeps of 2^i to 2^(i+1)-1 us (slot 0: 0 and 1 us) */
};

#endif /* @GUARD@_H */
