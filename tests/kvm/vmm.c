/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * ffamed-vmm: a minimal VMM on real KVM that mediates FF-A notifications
 * between two VMs of two vCPUs each through the KVM adapter and libffamed.
 *
 *   ffamed-vmm GUEST.bin [ROUNDS [trace] [flaky]]
 *
 * Each vCPU runs the bare-metal guest in guest/ on its own thread. The guest
 * reports through MMIO ports (vmm_ports.h); this VMM checks after every round
 * that each notification sent arrived exactly once, on the right vCPU, and
 * that every vCPU took an NPI. Prints "ffamed-vmm: PASS" and exits 0, or
 * says what went wrong and exits 1.
 *
 * "flaky" fails every 4th KVM_IRQ_LINE that raises a line (EIO, under the
 * adapter): the adapter must say so, the VMM then kicks the vCPU out of
 * KVM_RUN and calls ffamed_vcpu_online() for it before it runs again, and no
 * notification may be lost.
 */
#define _GNU_SOURCE  /* MAP_ANONYMOUS, O_CLOEXEC, pthread barriers */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ffamed_kvm.h"
#include "vmm_ports.h"

#define NR_VMS   2U
#define NPI_PPI  20U
#define SRI_PPI  21U
#define WATCHDOG_SECONDS 30U

struct vcpu {
	struct vm *vm;
	unsigned int index;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	/* Counted by this vCPU's thread; read at barriers. */
	unsigned int bit_count[64];   /* this round */
	unsigned int irqs;            /* this round */
	unsigned int empty_gets;
	unsigned int spurious;        /* NPIs whose GET found nothing */
	bool irq_get;                 /* the next GET is the NPI handler's */
	bool retry;                   /* an NPI raise failed: ffamed_vcpu_online() */
	pthread_t tid;                /* set by the thread itself, before it runs */
	unsigned long long hvc, smc, mmio;
	uint64_t last_port, last_val;   /* for the watchdog's report */
	bool done;
};

struct vm {
	struct ffamed_kvm_vm kvm;     /* first: libffamed's host_vm */
	uint16_t id;
	uint16_t peer;
	void *ram;
	struct vcpu vcpu[GUEST_VCPUS];
	struct ffamed_vcpu ffamed_vcpu[GUEST_VCPUS];  /* libffamed's per-vCPU state */
	unsigned int line_level[GUEST_VCPUS];  /* NPI line, from the ops */
	unsigned int raised, lowered;
};

static struct vm vms[NR_VMS];
static struct ffamed med;
static pthread_barrier_t barrier;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int failures;
static unsigned int rounds_checked;
static unsigned long long notifications_sent, notifications_got;
static bool trace;
static bool flaky;
static unsigned int raise_calls, raise_injected;
static __thread struct vcpu *this_vcpu;

static void fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&log_lock);
	failures++;
	fputs("ffamed-vmm: FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	pthread_mutex_unlock(&log_lock);
}

static void die(const char *what)
{
	printf("ffamed-vmm: FAIL: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	const int ret = ioctl(fd, req, arg);

	if (ret < 0)
		die(what);
	return ret;
}

/* Track the NPI line of each vCPU for the end-of-run check. */
static void count_line(void *host_vm, uint16_t vcpu, uint32_t intid, unsigned int level)
{
	struct vm *vm = host_vm;

	if (intid != NPI_PPI || vcpu >= GUEST_VCPUS)
		return;
	__atomic_store_n(&vm->line_level[vcpu], level, __ATOMIC_RELAXED);
	__atomic_add_fetch(level ? &vm->raised : &vm->lowered, 1, __ATOMIC_RELAXED);
}

/*
 * libffamed ops: the adapter's injection, counted (called under the VM lock).
 * A raise that failed is retried through ffamed_vcpu_online() by the vCPU's
 * own thread: kick it out of KVM_RUN (it may sit in WFI waiting for this NPI).
 */
static bool irq_raise(void *host, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	struct vm *vm = host_vm;

	if (!ffamed_kvm_irq_raise(host, host_vm, vcpu, intid)) {
		if (vcpu < GUEST_VCPUS) {
			__atomic_store_n(&vm->vcpu[vcpu].retry, true, __ATOMIC_RELEASE);
			pthread_kill(vm->vcpu[vcpu].tid, SIGUSR1);
		}
		return false;
	}
	count_line(host_vm, vcpu, intid, 1);
	return true;
}

/* The kick: makes this thread's next (or current) KVM_RUN return EINTR. */
static void kick(int sig)
{
	(void)sig;
	if (this_vcpu != NULL)
		this_vcpu->run->immediate_exit = 1;
}

static bool irq_lower(void *host, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	const bool ok = ffamed_kvm_irq_lower(host, host_vm, vcpu, intid);

	if (ok)
		count_line(host_vm, vcpu, intid, 0);
	return ok;
}

/* VMs live as long as the process: no references to count. */
static struct ffamed_vm *vm_get(void *host, uint16_t id)
{
	(void)host;
	for (unsigned int i = 0; i < NR_VMS; i++)
		if (vms[i].id == id)
			return &vms[i].kvm.state;
	return NULL;
}

static void vm_put(void *host, struct ffamed_vm *vm)
{
	(void)host;
	(void)vm;
}

static void med_log(void *host, enum ffamed_log_level level, const char *fmt, va_list ap)
{
	(void)host;
	if (level > FFAMED_LOG_INFO)
		return;
	pthread_mutex_lock(&log_lock);
	fputs("ffamed-vmm: libffamed: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	pthread_mutex_unlock(&log_lock);
}

/* The adapter's ioctls; "flaky" fails every 4th line raise. */
static int vmm_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	const struct kvm_irq_level *line = arg;

	(void)ctx;
	if (flaky && req == KVM_IRQ_LINE && line->level == 1 &&
	    __atomic_add_fetch(&raise_calls, 1, __ATOMIC_RELAXED) % 4 == 0) {
		__atomic_add_fetch(&raise_injected, 1, __ATOMIC_RELAXED);
		errno = EIO;
		return -1;
	}
	return ioctl(fd, req, arg);
}

static void vmm_log(void *ctx, const char *fmt, va_list ap)
{
	(void)ctx;
	pthread_mutex_lock(&log_lock);
	fputs("ffamed-vmm: adapter: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	pthread_mutex_unlock(&log_lock);
}

static const struct ffamed_kvm_sys vmm_sys = { .ioctl = vmm_ioctl, .log = vmm_log };

static const struct ffamed_ops ops = {
	.smc = NULL,  /* no SPMC reachable from userspace */
	.irq_raise = irq_raise,
	.irq_lower = irq_lower,
	.vm_get = vm_get,
	.vm_put = vm_put,
	.log = med_log,
};

/* One round is over: every receiver got each bit sent to it exactly once. */
static void check_round(void)
{
	for (unsigned int v = 0; v < NR_VMS; v++) {
		struct vm *vm = &vms[v];

		for (unsigned int b = 0; b < 64; b++) {
			const uint64_t bit = 1ULL << b;
			unsigned int total = 0;

			for (unsigned int c = 0; c < GUEST_VCPUS; c++) {
				const unsigned int n = vm->vcpu[c].bit_count[b];
				const bool mine = bit == TEST_PERVCPU_BIT(c);

				total += n;
				if ((bit & TEST_PERVCPU_BITS) && n != (mine ? 1U : 0U))
					fail("round %u: VM %u vCPU %u got per-vCPU bit %u %u times",
					     rounds_checked, vm->id, c, b, n);
			}
			if ((bit & (TEST_GLOBAL_BITS | TEST_PERVCPU_BITS)) && total != 1)
				fail("round %u: VM %u got bit %u %u times", rounds_checked,
				     vm->id, b, total);
			if (!(bit & (TEST_GLOBAL_BITS | TEST_PERVCPU_BITS)) && total != 0)
				fail("round %u: VM %u got unsent bit %u", rounds_checked,
				     vm->id, b);
			notifications_got += total;
		}
		notifications_sent += 4;  /* two global, two per-vCPU */
		for (unsigned int c = 0; c < GUEST_VCPUS; c++) {
			if (vm->vcpu[c].irqs == 0)
				fail("round %u: VM %u vCPU %u took no NPI", rounds_checked,
				     vm->id, c);
			memset(vm->vcpu[c].bit_count, 0, sizeof(vm->vcpu[c].bit_count));
			vm->vcpu[c].irqs = 0;
		}
	}
	rounds_checked++;
}

/* After the drain: nothing was received and every NPI line is low. */
static void check_drained(void)
{
	for (unsigned int v = 0; v < NR_VMS; v++)
		for (unsigned int c = 0; c < GUEST_VCPUS; c++) {
			struct vcpu *vc = &vms[v].vcpu[c];

			for (unsigned int b = 0; b < 64; b++)
				if (vc->bit_count[b])
					fail("VM %u vCPU %u: bit %u left after the last round",
					     vms[v].id, c, b);
			if (__atomic_load_n(&vms[v].line_level[c], __ATOMIC_RELAXED))
				fail("VM %u vCPU %u: NPI line still high", vms[v].id, c);
		}
}

static void barrier_port(uint64_t phase)
{
	/* One thread checks while the others wait at the second barrier. */
	if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
		if (phase == PHASE_ROUND_END)
			check_round();
		else if (phase == PHASE_DRAINED)
			check_drained();
	}
	pthread_barrier_wait(&barrier);
}

static void mmio_exit(struct vcpu *vc)
{
	struct kvm_run *run = vc->run;
	const uint64_t off = run->mmio.phys_addr - VMM_PORT_BASE;
	uint64_t val = 0;

	vc->mmio++;
	if (!run->mmio.is_write || run->mmio.len != 8 || off > VMM_PORT_TRAP) {
		fail("VM %u vCPU %u: stray MMIO %s at 0x%llx", vc->vm->id, vc->index,
		     run->mmio.is_write ? "write" : "read",
		     (unsigned long long)run->mmio.phys_addr);
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
		return;
	}
	memcpy(&val, run->mmio.data, sizeof(val));
	vc->last_port = off;
	vc->last_val = val;
	if (trace)
		printf("ffamed-vmm: VM %u vCPU %u: port 0x%llx <- 0x%llx\n", vc->vm->id,
		       vc->index, (unsigned long long)off, (unsigned long long)val);
	switch (off) {
	case VMM_PORT_PUTC:
		putchar((int)(val & 0x7F));
		break;
	case VMM_PORT_BARRIER:
		barrier_port(val);
		break;
	case VMM_PORT_GOT:
		if (val == 0) {
			vc->empty_gets++;
			vc->spurious += vc->irq_get;
		}
		vc->irq_get = false;
		for (unsigned int b = 0; b < 64; b++)
			vc->bit_count[b] += (unsigned int)(val >> b & 1);
		break;
	case VMM_PORT_IRQ:
		vc->irqs++;
		vc->irq_get = true;
		break;
	case VMM_PORT_FAIL:
		fail("VM %u vCPU %u: guest check at guest.c:%llu", vc->vm->id,
		     vc->index, (unsigned long long)val);
		break;
	case VMM_PORT_DONE:
		vc->done = true;
		break;
	case VMM_PORT_TRAP:
		fail("VM %u vCPU %u: guest exception, vector %llu ESR 0x%llx",
		     vc->vm->id, vc->index, (unsigned long long)(val >> 32),
		     (unsigned long long)(val & 0xFFFFFFFFULL));
		vc->done = true;
		break;
	default:
		fail("VM %u vCPU %u: unaligned port 0x%llx", vc->vm->id, vc->index,
		     (unsigned long long)off);
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vc = arg;

	vc->tid = pthread_self();
	this_vcpu = vc;
	while (!vc->done) {
		/* Clear, then look: a kick after the look stops KVM_RUN at once. */
		__atomic_store_n(&vc->run->immediate_exit, 0, __ATOMIC_RELAXED);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		if (__atomic_exchange_n(&vc->retry, false, __ATOMIC_ACQUIRE))
			ffamed_vcpu_online(&med, &vc->vm->kvm.state, (uint16_t)vc->index);
		if (ioctl(vc->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("KVM_RUN");
		}
		switch (vc->run->exit_reason) {
		case KVM_EXIT_HYPERCALL:
			if (vc->run->hypercall.flags & KVM_HYPERCALL_EXIT_SMC)
				vc->smc++;
			else
				vc->hvc++;
			if (trace)
				printf("ffamed-vmm: VM %u vCPU %u: %s 0x%llx\n", vc->vm->id,
				       vc->index,
				       vc->run->hypercall.flags & KVM_HYPERCALL_EXIT_SMC ?
				       "SMC" : "HVC",
				       (unsigned long long)vc->run->hypercall.nr);
			/* Only FF-A ids reach us; libffamed answers what it does not own. */
			if (ffamed_kvm_handle_hypercall(&med, &vc->vm->kvm, vc->fd, vc->run,
							true) == FFAMED_KVM_ERROR)
				die("hypercall registers");
			break;
		case KVM_EXIT_MMIO:
			mmio_exit(vc);
			break;
		default:
			fail("VM %u vCPU %u: unexpected exit %u", vc->vm->id, vc->index,
			     vc->run->exit_reason);
			exit(1);
		}
	}
	return NULL;
}

/* A lost NPI leaves a guest in WFI forever: say where everyone was. */
static void *watchdog(void *arg)
{
	(void)arg;
	sleep(WATCHDOG_SECONDS);
	for (unsigned int v = 0; v < NR_VMS; v++)
		for (unsigned int c = 0; c < GUEST_VCPUS; c++) {
			const struct vcpu *vc = &vms[v].vcpu[c];

			printf("ffamed-vmm: VM %u vCPU %u: done %d, HVC %llu, SMC %llu, "
			       "last port 0x%llx <- 0x%llx, NPI line %u\n", vms[v].id, c,
			       vc->done, vc->hvc, vc->smc,
			       (unsigned long long)vc->last_port,
			       (unsigned long long)vc->last_val, vms[v].line_level[c]);
		}
	printf("ffamed-vmm: FAIL: watchdog: no end after %u s\n", WATCHDOG_SECONDS);
	fflush(stdout);
	_exit(1);
}

static void set_core_reg(int fd, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	xioctl(fd, KVM_SET_ONE_REG, &reg, "KVM_SET_ONE_REG");
}

#define CORE_REG(r) (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
		     KVM_REG_ARM_CORE_REG(r))

static void vgic_attr(int dev, uint32_t group, uint64_t attr, void *addr)
{
	struct kvm_device_attr a = {
		.group = group,
		.attr = attr,
		.addr = (uint64_t)(uintptr_t)addr,
	};

	xioctl(dev, KVM_SET_DEVICE_ATTR, &a, "vGIC attribute");
}

static void vm_create(int kvm, struct vm *vm, const void *image, size_t size,
		      uint64_t rounds)
{
	struct kvm_create_device gic = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	struct kvm_vcpu_init init;
	uint64_t dist = GUEST_GICD_BASE, redist = GUEST_GICR_BASE;
	const int run_size = xioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, NULL, "mmap size");
	int ret;

	vm->kvm.sys = &vmm_sys;
	vm->kvm.vm_fd = xioctl(kvm, KVM_CREATE_VM, NULL, "KVM_CREATE_VM");
	vm->ram = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->ram == MAP_FAILED)
		die("guest RAM");
	memcpy(vm->ram, image, size);
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = GUEST_RAM_BASE,
		.memory_size = GUEST_RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)vm->ram,
	};
	xioctl(vm->kvm.vm_fd, KVM_SET_USER_MEMORY_REGION, &region, "guest RAM slot");

	xioctl(vm->kvm.vm_fd, KVM_CREATE_DEVICE, &gic, "vGICv3");
	vgic_attr((int)gic.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &dist);
	vgic_attr((int)gic.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, &redist);

	xioctl(vm->kvm.vm_fd, KVM_ARM_PREFERRED_TARGET, &init, "preferred target");
	for (unsigned int c = 0; c < GUEST_VCPUS; c++) {
		struct vcpu *vc = &vm->vcpu[c];

		vc->vm = vm;
		vc->index = c;
		vc->fd = xioctl(vm->kvm.vm_fd, KVM_CREATE_VCPU, (void *)(uintptr_t)c,
				"KVM_CREATE_VCPU");
		xioctl(vc->fd, KVM_ARM_VCPU_INIT, &init, "KVM_ARM_VCPU_INIT");
		vc->run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			       vc->fd, 0);
		if (vc->run == MAP_FAILED)
			die("kvm_run");
		set_core_reg(vc->fd, CORE_REG(regs.pc), GUEST_RAM_BASE);
		set_core_reg(vc->fd, CORE_REG(regs.regs[0]), vm->id);
		set_core_reg(vc->fd, CORE_REG(regs.regs[1]), c);
		set_core_reg(vc->fd, CORE_REG(regs.regs[2]), vm->peer);
		set_core_reg(vc->fd, CORE_REG(regs.regs[3]), rounds);
	}
	vgic_attr((int)gic.fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL);

	/* Before any vCPU runs, or KVM refuses with EBUSY. */
	ret = ffamed_kvm_install_filter(&vmm_sys, vm->kvm.vm_fd);
	if (ret < 0) {
		errno = -ret;
		die("SMCCC filter");
	}
	const struct ffamed_vm_params params = {
		.id = vm->id,
		.vcpu_count = GUEST_VCPUS,
		.vcpus = vm->ffamed_vcpu,
		.host_vm = vm,   /* starts with its struct ffamed_kvm_vm */
	};
	ret = ffamed_vm_init(&med, &vm->kvm.state, &params);
	if (ret != 0) {
		fail("ffamed_vm_init(%u): %s", vm->id, ffamed_strerror(ret));
		exit(1);
	}
}

static void *read_image(const char *path, size_t *size)
{
	static unsigned char buf[GUEST_RAM_SIZE / 2];
	const int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		die(path);
	n = read(fd, buf, sizeof(buf));
	if (n <= 0)
		die("guest image");
	close(fd);
	*size = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	const struct ffamed_config cfg = { .npi_intid = NPI_PPI, .sri_intid = SRI_PPI };
	const uint64_t rounds = argc > 2 ? strtoull(argv[2], NULL, 0) : 8;
	pthread_t dog;
	unsigned long long hvc = 0, smc = 0, mmio = 0, empty = 0, spurious = 0;
	unsigned long long raised = 0, lowered = 0;
	size_t size;
	const void *image;
	int kvm, ret;

	if (argc < 2) {
		fprintf(stderr, "usage: %s GUEST.bin [ROUNDS [trace] [flaky]]\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 3; i < argc; i++) {
		trace = trace || strcmp(argv[i], "trace") == 0;
		flaky = flaky || strcmp(argv[i], "flaky") == 0;
	}
	/* No SA_RESTART: the kick must end KVM_RUN. */
	struct sigaction sa = { .sa_handler = kick };
	if (sigemptyset(&sa.sa_mask) != 0 || sigaction(SIGUSR1, &sa, NULL) != 0)
		die("SIGUSR1");
	if (pthread_create(&dog, NULL, watchdog, NULL) != 0)
		die("watchdog");
	image = read_image(argv[1], &size);
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("/dev/kvm");
	ret = ffamed_kvm_init(&med, &ops, NULL, &cfg, &vmm_sys);
	if (ret != 0) {
		printf("ffamed-vmm: FAIL: libffamed setup: %s\n", ffamed_strerror(ret));
		return 1;
	}
	/* No SPMC from userspace: VM-to-VM only. */
	if (ffamed_probe(&med) != -FFAMED_ERR_NOSPMC) {
		printf("ffamed-vmm: FAIL: ffamed_probe found an SPMC\n");
		return 1;
	}
	pthread_barrier_init(&barrier, NULL, NR_VMS * GUEST_VCPUS);
	for (unsigned int v = 0; v < NR_VMS; v++) {
		vms[v].id = (uint16_t)(v + 1);
		vms[v].peer = (uint16_t)(NR_VMS - v);
		vm_create(kvm, &vms[v], image, size, rounds);
	}
	printf("ffamed-vmm: %u VMs x %u vCPUs, NPI PPI %u, SRI PPI %u, %llu rounds%s\n",
	       NR_VMS, GUEST_VCPUS, NPI_PPI, SRI_PPI, (unsigned long long)rounds,
	       flaky ? ", every 4th NPI raise fails" : "");
	for (unsigned int v = 0; v < NR_VMS; v++)
		for (unsigned int c = 0; c < GUEST_VCPUS; c++)
			if (pthread_create(&vms[v].vcpu[c].thread, NULL, vcpu_thread,
					   &vms[v].vcpu[c]) != 0)
				die("pthread_create");
	for (unsigned int v = 0; v < NR_VMS; v++)
		for (unsigned int c = 0; c < GUEST_VCPUS; c++) {
			const struct vcpu *vc = &vms[v].vcpu[c];

			pthread_join(vc->thread, NULL);
			hvc += vc->hvc;
			smc += vc->smc;
			mmio += vc->mmio;
			empty += vc->empty_gets;
			spurious += vc->spurious;
		}
	for (unsigned int v = 0; v < NR_VMS; v++) {
		raised += vms[v].raised;
		lowered += vms[v].lowered;
		/* No SPMC: one call, nothing to drain; AGAIN means call again. */
		do
			ret = ffamed_vm_destroy(&med, &vms[v].kvm.state);
		while (ret == -FFAMED_ERR_AGAIN);
		if (ret != 0)
			fail("ffamed_vm_destroy(%u): %s", vms[v].id, ffamed_strerror(ret));
	}
	/* Only the failures flaky made: the real KVM_IRQ_LINE never fails here. */
	if (ffamed_stats(&med)->irq_failed != raise_injected)
		fail("%u NPI raises failed, %u injected", ffamed_stats(&med)->irq_failed,
		     raise_injected);
	if (flaky && raise_injected == 0)
		fail("flaky: no raise failure injected");
	if (rounds_checked != rounds)
		fail("%u of %llu rounds checked", rounds_checked, (unsigned long long)rounds);
	if (hvc == 0 || smc == 0)
		fail("no %s exits seen", hvc == 0 ? "HVC" : "SMC");
	printf("ffamed-vmm: rounds %u, notifications sent %llu, received %llu, "
	       "empty GETs %llu (spurious, after an NPI: %llu)\n", rounds_checked,
	       notifications_sent, notifications_got, empty, spurious);
	printf("ffamed-vmm: exits: HVC %llu, SMC %llu, MMIO %llu; NPI raised %llu, "
	       "lowered %llu, raises failed %u\n", hvc, smc, mmio, raised, lowered,
	       ffamed_stats(&med)->irq_failed);
	if (failures) {
		printf("ffamed-vmm: %u failures\n", failures);
		return 1;
	}
	printf("ffamed-vmm: PASS\n");
	return 0;
}
