/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed's pending protocol, for spin. docs/model.md maps it onto the code.
 *
 * One VM id, NINST instances of it over time (destroy, then reuse of the id),
 * one SP setting one notification bit NSETS times, the SRI handler, the
 * guest's vCPU and the host destroying and recreating the VM.
 *
 * Checked: no access to an instance after the host freed it; every
 * notification set for an instance is got by it or dropped by its destroy;
 * nothing is left pending unsignalled when the system comes to rest; at most
 * one spurious NPI per reuse (an NPI into an instance nothing was set for).
 */
#define NINST 3
#define NSETS 3
#define NONE  NINST      /* lookup finds nothing: a never-live slot */
#define NSLOT (NINST + 1)

/* SPMC: the id's bitmap slot, its pending bit, INFO_GET's reported mark. */
bool slot = true;
byte owner = 0;
bool spmc_pend;
bool spmc_rep;
bool sri;

/* Host and libffamed, per instance. */
byte cur = 0;                 /* what the host's lookup finds for the id */
bool live[NSLOT];             /* ffamed_vm.state == LIVE */
bool freed[NSLOT];            /* host freed the memory */
byte refs[NSLOT];             /* vm_get references */
bool lock[NSLOT];             /* ffamed_vm.lock */
bool listed[NSLOT];           /* ffamed_vm.sec_listed */
byte npi[NSLOT];              /* NPIs injected, not yet taken */
bool incall;                  /* the guest is inside a call */
byte sets[NSLOT], got[NSLOT], dropped[NSLOT], spurious[NSLOT];
bool done_destroying;

inline vm_lock(k)   { atomic { !lock[k] -> lock[k] = true } }
inline vm_unlock(k) { lock[k] = false }
inline touch(k)     { assert(!freed[k]) }

/* An SP sets the bit whenever it is not pending (FFA_NOTIFICATION_SET). */
active proctype SP()
{
	byte n = 0;
end:	do
	:: n < NSETS ->
		atomic { slot && !spmc_pend ->
			spmc_pend = true; spmc_rep = false;
			sets[owner]++; sri = true; n++ }
	:: n == NSETS -> break
	od
}

/* ffamed_sri_handle(): INFO_GET, then deliver_vm() for the listed id. */
active proctype SRI()
{
	bool have;
	byte k;
end:	do
	:: atomic { sri -> sri = false;
		have = slot && spmc_pend && !spmc_rep;
		if :: have -> spmc_rep = true :: else -> skip fi }
		if
		:: have ->
			/* vm_get(id): the id may have been reused since INFO_GET */
			atomic {
				if
				:: live[cur] -> k = cur; refs[k]++
				:: else -> have = false   /* stale id: ignored */
				fi }
			if
			:: have ->
				vm_lock(k); touch(k);
				if
				:: live[k] ->
					listed[k] = true;
					if :: sets[k] == 0 -> spurious[k]++ :: else -> skip fi;
					npi[k]++          /* ffamed_pending_signal() */
				:: else -> skip
				fi;
				vm_unlock(k);
				atomic { touch(k); refs[k]-- }   /* vm_put */
			:: else -> skip
			fi
		:: else -> skip
		fi
	od
}

/* The guest takes its NPI and calls FFA_NOTIFICATION_GET (get.c). */
active proctype Guest()
{
	byte k;
end:	do
	:: atomic { live[cur] && npi[cur] > 0 && !lock[cur] ->
		k = cur; npi[k]--; incall = true }
		vm_lock(k); touch(k);
		listed[k] = false;            /* cleared before asking the SPMC */
		atomic {
			if
			:: slot && owner == k && spmc_pend ->
				spmc_pend = false; spmc_rep = false; got[k]++
			:: else -> skip
			fi }
		vm_unlock(k);
		incall = false
	od
}

/* The host destroys the VM (its vCPUs stopped) and reuses the id. */
active proctype Host()
{
	byte k = 0;
	bool denied;
	live[0] = true;
	do
	:: k < NINST - 1 ->
		atomic { !incall -> cur = NONE }  /* vCPUs stopped, id unlisted */
		vm_lock(k); touch(k);
		live[k] = false;
		/* spmc_release(): drain, destroy; DENIED while pending: repeat */
		denied = true;
		do
		:: denied ->
			atomic { if :: spmc_pend -> spmc_pend = false; dropped[k]++
			            :: else -> skip fi }
			atomic { if :: spmc_pend -> denied = true
			            :: else -> slot = false; denied = false fi }
		:: else -> break
		od;
		vm_unlock(k);
		atomic { refs[k] == 0 -> freed[k] = true }   /* after RCU grace */
		/* ffamed_vm_init() of the next instance, same id */
		atomic { k++; live[k] = true; slot = true; owner = k;
			 spmc_rep = false; cur = k }
	:: else -> break
	od;
	done_destroying = true
}

/* At rest: nothing pending that nobody was told about; the counts add up. */
active proctype Check()
{
	byte k;
	timeout ->
	assert(done_destroying);
	assert(!(slot && spmc_pend));
	k = 0;
	do
	:: k < NINST ->
		assert(sets[k] == got[k] + dropped[k]);
		assert(spurious[k] <= 1);
		assert(k > 0 || spurious[k] == 0);
		k++
	:: else -> break
	od
}
