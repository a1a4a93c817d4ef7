/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed's pending protocol and VM lifetime, for spin. docs/model.md maps
 * it onto the code and lists the planted defects (-D options) it catches.
 *
 * One VM id, NINST instances of it over time (destroy, then reuse of the
 * id), one SP that sets one notification bit NSETS times while the bit is
 * bound, the SRI handler, the live instance's guest vCPU on a level NPI
 * line, the host destroying (resumably, in bounded rounds) and re-creating
 * the VM, and a second init of the id racing the destroy. The SPMC refuses
 * BITMAP_DESTROY while a bit is pending or bound (OP-TEE's reading).
 *
 * Checked: no access to an instance after the host freed it; the level line
 * is up exactly while libffamed holds something for the guest (a GET never
 * finds the line up with nothing listed); every notification set for an
 * instance is got by it, dropped by its destroy, or still in a slot that is
 * remembered for reclaim; destroy gives up only when an SP set bits during
 * it, never for a binding it could remove; a destroy only ever destroys
 * its own instance's bitmap; no SPMC slot is lost unremembered; at most one
 * spurious NPI per reuse.
 */
#define NINST  3
#define NSETS  2
#define ROUNDS 2              /* FFAMED_DESTROY_MAX_ROUNDS */
#define INTR   NINST          /* the racing init's instance */
#define NONE   (NINST + 1)    /* lookup finds nothing */
#define NSLOT  (NINST + 2)

/* ffamed_vm.state lifecycle */
#define FREE  0
#define LIVE  1
#define DYING 2
#define DEAD  3

/* SPMC: the id's bitmap, its owner, the SP binding, the pending bit. */
bool slot = true;
byte owner = 0;
bool bound;
bool spmc_pend;
bool spmc_rep;
bool sri;

/* libffamed and the host, per instance. */
byte cur = 0;                 /* what the host's lookup finds for the id */
byte life[NSLOT];             /* ffamed_vm.state */
bool freed[NSLOT];            /* host freed the memory */
byte refs[NSLOT];             /* vm_get references */
bool lock[NSLOT];             /* ffamed_vm.lock */
bool listed[NSLOT];           /* FFAMED_VMF_LISTED */
bool npi_up[NSLOT];           /* FFAMED_VCPU_NPI_UP: libffamed's view */
bool line[NSLOT];             /* the level line as the host sees it */
bool mirror[NSLOT];           /* ffamed_vm.sp_sender: the bit bound */
byte sets[NSLOT], got[NSLOT], dropped[NSLOT], spurious[NSLOT];
byte nsets;                   /* SETs the SP made, in all */
bool incall;                  /* the guest is inside a call */
byte spont;                   /* GETs made without an NPI (polling) */

/* ffamed.leaked[]: a slot destroy gave up, with its binding. */
bool leak_rec;
bool leak_bound;
bool done_destroying;

inline vm_lock(k)   { atomic { !lock[k] -> lock[k] = true } }
inline vm_unlock(k) { lock[k] = false }
inline touch(k)     { assert(!freed[k]) }

/* FFA_NOTIFICATION_GET to the SPMC with the SP and SPM bitmaps (a drain). */
inline spmc_drain(k)
{
	atomic { if :: slot && spmc_pend -> spmc_pend = false; spmc_rep = false;
			dropped[owner]++
		    :: else -> skip fi }
}

/* FFA_NOTIFICATION_UNBIND of the mirrored binding; DENIED while pending. */
inline spmc_unbind(m)
{
	atomic { if :: m && slot && !spmc_pend -> bound = false; m = false
		    :: else -> skip fi }
}

/* An SP sets the bit whenever it is bound and not pending. */
active proctype SP()
{
	byte n = 0;
end:	do
	:: atomic { n < NSETS && slot && bound && !spmc_pend ->
			spmc_pend = true; spmc_rep = false;
			sets[owner]++; sri = true; n++; nsets++ }
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
			/* vm_get(id): a dying VM is still found; the id may be reused */
			atomic {
				if
				:: cur != NONE && (life[cur] == LIVE || life[cur] == DYING) ->
					k = cur; refs[k]++
				:: else -> have = false   /* stale id: ignored */
				fi }
			if
			:: have ->
				vm_lock(k); touch(k);
				if
				:: life[k] == LIVE ->
					listed[k] = true;
					if :: sets[k] == 0 -> spurious[k]++ :: else -> skip fi;
					/* npi_raise(): flag and line under the VM lock */
					npi_up[k] = true;
#ifndef PLANT_RAISE_AFTER_UNLOCK
					line[k] = true;
#endif
				:: else -> skip
				fi;
				vm_unlock(k);
#ifdef PLANT_RAISE_AFTER_UNLOCK
				/* the old code: irq_raise after the VM lock was dropped */
				if :: life[k] == LIVE -> line[k] = true :: else -> skip fi;
#endif
				atomic { touch(k); refs[k]-- }   /* vm_put */
			:: else -> skip
			fi
		:: else -> skip
		fi
	od
}

/*
 * The live instance's vCPU: takes its level NPI, or polls (twice at most),
 * and calls FFA_NOTIFICATION_GET (get.c, pending_got()).
 */
active proctype Guest()
{
	byte k;
end:	do
	:: atomic { cur != NONE && life[cur] == LIVE && !lock[cur] &&
		    (line[cur] || spont < 2) ->
		k = cur; incall = true; refs[k]++;   /* the vCPU's VM reference */
		if :: !line[k] -> spont++ :: else -> skip fi }
		vm_lock(k); touch(k);
		/* A line up with nothing listed: the guest would storm. */
		assert(life[k] != LIVE || !line[k] || listed[k]);
		listed[k] = false;            /* cleared with the SPMC's GET */
		atomic {
			if
			:: slot && owner == k && spmc_pend ->
				spmc_pend = false; spmc_rep = false; got[k]++
			:: else -> skip
			fi }
		/* npi_lower_if_idle(): nothing is left */
		if :: npi_up[k] -> npi_up[k] = false; line[k] = false
		   :: else -> skip fi;
		vm_unlock(k);
		atomic { refs[k]--; incall = false }
	od
}

/*
 * ffamed_vm_init(): refused while the id is held by a live or dying VM;
 * BITMAP_CREATE, and on DENIED one reclaim round (drain, UNBIND what the
 * leak record says, DESTROY) and CREATE again. ok: the instance is live.
 */
/* The id is held: by a live VM, or one whose destroy is unfinished. */
#ifdef PLANT_INIT_TAKEOVER
#define HELD (cur != NONE && life[cur] == LIVE)
#else
#define HELD (cur != NONE && (life[cur] == LIVE || life[cur] == DYING))
#endif

inline vm_init(k, busy, ok)
{
	bool m;
	ok = false;
	if
	:: busy -> skip                   /* -FFAMED_ERR_BUSY */
	:: else ->
		atomic { if :: !slot -> slot = true; owner = k; bound = false;
				   spmc_pend = false; spmc_rep = false; ok = true
			    :: else -> skip fi }
		if
		:: !ok ->
			/* reclaim(): the leaked slot's binding, if remembered */
			atomic { m = leak_rec && leak_bound;
#ifdef PLANT_RECLAIM_FORGETS
				 leak_rec = false
#else
				 skip
#endif
			}
			spmc_drain(k);
			spmc_unbind(m);
			atomic { if :: slot && !spmc_pend && !bound -> slot = false;
					leak_rec = false
				    :: else -> leak_bound = m fi }
			atomic { if :: !slot -> slot = true; owner = k; bound = false;
					   spmc_pend = false; spmc_rep = false; ok = true
				    :: else -> skip fi }
		:: else -> skip
		fi;
		if
		:: ok ->
			atomic { life[k] = LIVE; cur = k;
				/* the guest may BIND the SP's bit */
				if :: bound = true; mirror[k] = true :: skip fi }
		:: else -> skip               /* -FFAMED_ERR_SPMC */
		fi
	fi
}

/*
 * ffamed_vm_destroy(), called again while it says AGAIN: mark the VM dying
 * under its lock, BITMAP_DESTROY first; only on DENIED drain and UNBIND
 * (outside the lock), at most ROUNDS destroys, then give the slot up into
 * the leak record.
 */
inline vm_destroy(k)
{
	byte rounds, sets_before;
	bool denied;
	rounds = 0;
	vm_lock(k); touch(k);
	life[k] = DYING; listed[k] = false; sets_before = nsets;
	vm_unlock(k);
	do
	:: atomic {
		denied = slot && (spmc_pend || bound);
		if
		:: !denied ->
			/* our bitmap, not a successor's */
			assert(slot && owner == k);
			slot = false
		:: else -> skip
		fi }
		if
		:: !denied -> break
		:: else ->
			rounds++;
			if
			:: rounds == ROUNDS ->
				/* give_up(): only an SP setting bits may keep it busy */
				assert(nsets != sets_before);
				atomic { leak_rec = true; leak_bound = mirror[k] };
				break
			:: else -> skip
			fi;
			spmc_drain(k);
#ifndef PLANT_NO_UNBIND
			spmc_unbind(mirror[k]);
#endif
		fi
	od;
	life[k] = DEAD
}

/* The host destroys the VM (its vCPUs stopped) and reuses the id. */
active proctype Host()
{
	byte k = 0;
	bool ok, busy;
	life[0] = LIVE;
	if :: bound = true; mirror[0] = true :: skip fi;
	do
	:: k < NINST - 1 ->
		atomic { !incall -> skip }        /* vCPUs stopped */
		if
		:: life[k] == LIVE -> vm_destroy(k)
		:: else -> skip                   /* its init had failed */
		fi;
		atomic { cur = NONE }             /* no longer found */
		atomic { refs[k] == 0 -> freed[k] = true }   /* after RCU grace */
		k++;
		atomic { busy = HELD };
		vm_init(k, busy, ok)
	:: else -> break
	od;
	done_destroying = true
}

/* Another init of the id while the destroy may still be running. */
active proctype Intruder()
{
	bool ok, busy;
end:	atomic { cur != NONE && life[cur] == DYING -> busy = HELD }
	vm_init(INTR, busy, ok);
	assert(!ok)                         /* -FFAMED_ERR_BUSY */
}

/* At rest: lines, counts and slots add up. */
active proctype Check()
{
	byte k;
	timeout ->
	assert(done_destroying);
	/* a slot is owned by a live VM, or remembered for reclaim */
	assert(!slot || life[owner] == LIVE || leak_rec);
	k = 0;
	do
	:: k < NSLOT - 1 ->
		assert(line[k] == npi_up[k]);
		assert(life[k] != LIVE || (line[k] == listed[k]));
		assert(sets[k] == got[k] + dropped[k] +
		       (slot && owner == k && spmc_pend -> 1 : 0));
		assert(spurious[k] <= 1);
		assert(k > 0 || spurious[k] == 0);
		k++
	:: else -> break
	od
}
