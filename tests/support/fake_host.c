/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#include "fake_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fake_host *host_of(void *p)
{
	return p;
}

/* in and out may be the same registers (the smc op allows it). */
static void op_smc(void *p, const struct ffamed_regs *in,
		   struct ffamed_regs *out)
{
	struct fake_host *h = host_of(p);
	const struct ffamed_regs args = *in;

	if (h->hook != NULL && h->hook(h, &args, out))
		return;
	pthread_mutex_lock(&h->lock);
	model_smc(&h->model, &args, out);
	pthread_mutex_unlock(&h->lock);
}

static void log_irq(struct fake_host *h, void *host_vm, uint16_t vcpu,
		    uint32_t intid, bool raise)
{
	struct fake_vm *vm = host_vm;

	pthread_mutex_lock(&h->lock);
	if (vcpu < MODEL_MAX_VCPUS)
		vm->line[vcpu][intid == h->med.cfg.sri_intid] = raise;
	if (h->n_irqs < FAKE_MAX_IRQS)
		h->irqs[h->n_irqs++] = (struct fake_irq){
			.vm_id = vm->id, .vcpu = vcpu, .intid = intid,
			.raise = raise,
		};
	pthread_mutex_unlock(&h->lock);
	if (h->verbose)
		printf("    [irq] %s %s -> VM %#x vCPU %u\n",
		       raise ? "raise" : "lower",
		       intid == h->med.cfg.npi_intid ? "NPI" : "SRI", vm->id,
		       vcpu);
}

static bool op_irq_raise(void *p, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	struct fake_host *h = host_of(p);

	if (h->raise_fails)
		return false;
	log_irq(h, host_vm, vcpu, intid, true);
	return true;
}

static bool op_irq_lower(void *p, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	struct fake_host *h = host_of(p);

	if (h->lower_fails)
		return false;
	log_irq(h, host_vm, vcpu, intid, false);
	return true;
}

static struct fake_vm *find_live(struct fake_host *h, uint16_t id)
{
	for (unsigned int i = 0; i < FAKE_MAX_VMS; i++)
		if (h->vms[i].used && !h->vms[i].destroyed && h->vms[i].id == id)
			return &h->vms[i];
	return NULL;
}

struct fake_vm *fake_vm_find(struct fake_host *h, uint16_t id)
{
	return find_live(h, id);
}

static struct ffamed_vm *op_vm_get(void *p, uint16_t id)
{
	struct fake_host *h = host_of(p);
	struct fake_vm *vm;
	struct ffamed_vm *st = NULL;

	pthread_mutex_lock(&h->lock);
	vm = find_live(h, id);
	if (vm != NULL) {
		vm->refs++;
		st = vm->st;
	}
	pthread_mutex_unlock(&h->lock);
	return st;
}

static void release_slot(struct fake_host *h, struct fake_vm *vm)
{
	free(vm->st);
	free(vm->vcpu_st);
	vm->st = NULL;
	vm->vcpu_st = NULL;
	vm->used = false;
	h->vm_frees++;
}

static void op_vm_put(void *p, struct ffamed_vm *st)
{
	struct fake_host *h = host_of(p);

	pthread_mutex_lock(&h->lock);
	for (unsigned int i = 0; i < FAKE_MAX_VMS; i++) {
		struct fake_vm *vm = &h->vms[i];

		if (!vm->used || vm->st != st)
			continue;
		if (--vm->refs == 0 && vm->destroyed)
			release_slot(h, vm);
		break;
	}
	pthread_mutex_unlock(&h->lock);
}

static bool op_vcpu_online(void *p, void *host_vm, uint16_t vcpu)
{
	const struct fake_vm *vm = host_vm;

	(void)p;
	return vcpu < MODEL_MAX_VCPUS && !vm->offline[vcpu];
}

static void op_hyp(void *p, bool per_vcpu, uint16_t vcpu)
{
	struct fake_host *h = host_of(p);

	pthread_mutex_lock(&h->lock);
	if (h->n_hyp < 16)
		h->hyp[h->n_hyp++] = (struct fake_event){ 0, vcpu, per_vcpu };
	pthread_mutex_unlock(&h->lock);
}

static void op_sp(void *p, uint16_t sp, bool per_vcpu, uint16_t vcpu)
{
	struct fake_host *h = host_of(p);

	pthread_mutex_lock(&h->lock);
	if (h->n_sp < 16)
		h->sp[h->n_sp++] = (struct fake_event){ sp, vcpu, per_vcpu };
	pthread_mutex_unlock(&h->lock);
}

static void op_log(void *p, enum ffamed_log_level level, const char *fmt,
		   va_list ap)
{
	struct fake_host *h = host_of(p);

	if (!h->verbose || level == FFAMED_LOG_DEBUG)
		return;
	printf("    [log] ");
	vprintf(fmt, ap);
}

void fake_host_init(struct fake_host *h, bool spmc,
		    const struct ffamed_config *cfg)
{
	memset(h, 0, sizeof(*h));
	pthread_mutex_init(&h->lock, NULL);
	model_init(&h->model, 2, 4);
	h->ops = (struct ffamed_ops){
		.smc = spmc ? op_smc : NULL,
		.irq_raise = op_irq_raise,
		.irq_lower = op_irq_lower,
		.vm_get = op_vm_get,
		.vm_put = op_vm_put,
		.vcpu_online = op_vcpu_online,
		.hyp_notified = op_hyp,
		.sp_pending = op_sp,
		.log = op_log,
	};
	h->med.cfg = *cfg;
	if (cfg->sched_vm_id != 0U)
		h->med.cfg.sched_map = h->sched_map;
}

int32_t fake_host_start(struct fake_host *h)
{
	const struct ffamed_config cfg = h->med.cfg;
	int ret = ffamed_init(&h->med, &h->ops, h, &cfg);

	if (ret != FFAMED_OK)
		return ret;
	(void)ffamed_probe(&h->med);
	return FFAMED_OK;
}

void fake_host_fini(struct fake_host *h)
{
	for (unsigned int i = 0; i < FAKE_MAX_VMS; i++) {
		if (h->vms[i].used && !h->vms[i].destroyed)
			(void)fake_vm_destroy(h, h->vms[i].id);
		if (h->vms[i].used && h->vms[i].refs == 0)
			release_slot(h, &h->vms[i]);
	}
	pthread_mutex_destroy(&h->lock);
}

int fake_vm_create(struct fake_host *h, uint16_t id, uint16_t vcpus)
{
	struct fake_vm *vm = NULL;
	struct ffamed_vm_params p = { .id = id, .vcpu_count = vcpus,
				      .flags = h->vm_flags };
	int ret;

	pthread_mutex_lock(&h->lock);
	for (unsigned int i = 0; i < FAKE_MAX_VMS && vm == NULL; i++)
		if (!h->vms[i].used)
			vm = &h->vms[i];
	if (vm != NULL) {
		memset(vm, 0, sizeof(*vm));
		vm->used = true;
		vm->destroyed = true; /* invisible until initialised */
		vm->id = id;
		vm->vcpus = vcpus;
		/*
		 * Not zeroed, as a host that reuses memory hands it over:
		 * ffamed_vm_init() must set everything it later reads.
		 */
		vm->st = malloc(sizeof(*vm->st));
		vm->vcpu_st = malloc((vcpus ? vcpus : 1) * sizeof(*vm->vcpu_st));
		if (vm->st != NULL)
			memset(vm->st, 0xA5, sizeof(*vm->st));
		if (vm->vcpu_st != NULL)
			memset(vm->vcpu_st, 0xA5, (vcpus ? vcpus : 1) * sizeof(*vm->vcpu_st));
	}
	pthread_mutex_unlock(&h->lock);
	if (vm == NULL || vm->st == NULL || vm->vcpu_st == NULL)
		return -FFAMED_ERR_INVAL;

	p.vcpus = vm->vcpu_st;
	p.host_vm = vm;
	ret = ffamed_vm_init(&h->med, vm->st, &p);
	pthread_mutex_lock(&h->lock);
	if (ret == FFAMED_OK)
		vm->destroyed = false;
	else
		release_slot(h, vm);
	pthread_mutex_unlock(&h->lock);
	return ret;
}

int fake_vm_destroy_step(struct fake_host *h, uint16_t id)
{
	struct fake_vm *vm;
	int ret;

	pthread_mutex_lock(&h->lock);
	vm = find_live(h, id);
	if (vm != NULL)
		vm->refs++;
	pthread_mutex_unlock(&h->lock);
	if (vm == NULL)
		return -FFAMED_ERR_INVAL;

	ret = ffamed_vm_destroy(&h->med, vm->st);
	pthread_mutex_lock(&h->lock);
	h->destroy_calls++;
	/* A dying VM stays findable until destroy is done (docs/api.md). */
	if (ret != -FFAMED_ERR_AGAIN)
		vm->destroyed = true; /* freed with the last reference */
	pthread_mutex_unlock(&h->lock);
	op_vm_put(h, vm->st);
	return ret;
}

int fake_vm_destroy(struct fake_host *h, uint16_t id)
{
	int ret;

	while ((ret = fake_vm_destroy_step(h, id)) == -FFAMED_ERR_AGAIN)
		;
	return ret;
}

enum ffamed_dispatch fake_call_regs(struct fake_host *h, uint16_t id,
				    struct ffamed_regs *regs)
{
	struct ffamed_vm *st = op_vm_get(h, id);
	enum ffamed_dispatch d;

	d = ffamed_guest_call(&h->med, st, regs);
	if (st != NULL)
		op_vm_put(h, st);
	return d;
}

struct ffamed_regs fake_call(struct fake_host *h, uint16_t id, uint64_t x0,
			     uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4)
{
	struct ffamed_regs r;

	memset(&r, 0, sizeof(r));
	r.x[0] = x0;
	r.x[1] = x1;
	r.x[2] = x2;
	r.x[3] = x3;
	r.x[4] = x4;
	(void)fake_call_regs(h, id, &r);
	return r;
}

int32_t fake_status(const struct ffamed_regs *r)
{
	if ((uint32_t)r->x[0] == FFAMED_FID_ERROR)
		return (int32_t)(uint32_t)r->x[2];
	return FFAMED_RET_OK;
}

uint64_t fake_bitmap(const struct ffamed_regs *r, unsigned int lo_reg)
{
	return (uint64_t)(uint32_t)r->x[lo_reg] |
	       (uint64_t)(uint32_t)r->x[lo_reg + 1] << 32;
}

int32_t fake_bind(struct fake_host *h, uint16_t rx, uint16_t tx,
		  uint32_t flags, uint64_t bm)
{
	struct ffamed_regs r = fake_call(h, rx, FFAMED_FID_NOTIF_BIND,
					 (uint32_t)tx << 16 | rx, flags,
					 (uint32_t)bm, bm >> 32);
	return fake_status(&r);
}

int32_t fake_unbind(struct fake_host *h, uint16_t rx, uint16_t tx, uint64_t bm)
{
	struct ffamed_regs r = fake_call(h, rx, FFAMED_FID_NOTIF_UNBIND,
					 (uint32_t)tx << 16 | rx, 0,
					 (uint32_t)bm, bm >> 32);
	return fake_status(&r);
}

int32_t fake_set(struct fake_host *h, uint16_t tx, uint16_t rx, uint32_t flags,
		 uint64_t bm)
{
	struct ffamed_regs r = fake_call(h, tx, FFAMED_FID_NOTIF_SET,
					 (uint32_t)tx << 16 | rx, flags,
					 (uint32_t)bm, bm >> 32);
	return fake_status(&r);
}

struct ffamed_regs fake_get(struct fake_host *h, uint16_t rx, uint16_t vcpu,
			    uint32_t flags)
{
	return fake_call(h, rx, FFAMED_FID_NOTIF_GET, (uint32_t)vcpu << 16 | rx,
			 flags, 0, 0);
}

static unsigned int irq_count(struct fake_host *h, uint16_t vm_id, int vcpu,
			      uint32_t intid, bool raise)
{
	unsigned int n = 0;

	pthread_mutex_lock(&h->lock);
	for (unsigned int i = 0; i < h->n_irqs; i++) {
		const struct fake_irq *q = &h->irqs[i];

		if (q->vm_id == vm_id && q->intid == intid && q->raise == raise &&
		    (vcpu < 0 || q->vcpu == vcpu))
			n++;
	}
	pthread_mutex_unlock(&h->lock);
	return n;
}

unsigned int fake_irq_count(struct fake_host *h, uint16_t vm_id, int vcpu,
			    uint32_t intid)
{
	return irq_count(h, vm_id, vcpu, intid, true);
}

unsigned int fake_irq_lowered(struct fake_host *h, uint16_t vm_id, int vcpu,
			      uint32_t intid)
{
	return irq_count(h, vm_id, vcpu, intid, false);
}

void fake_irq_clear(struct fake_host *h)
{
	pthread_mutex_lock(&h->lock);
	h->n_irqs = 0;
	h->n_hyp = 0;
	h->n_sp = 0;
	pthread_mutex_unlock(&h->lock);
}

bool fake_line(struct fake_host *h, uint16_t vm_id, uint16_t vcpu, bool sri)
{
	struct fake_vm *vm;
	bool up = false;

	pthread_mutex_lock(&h->lock);
	for (unsigned int i = 0; i < FAKE_MAX_VMS; i++) {
		vm = &h->vms[i];
		if (vm->used && vm->id == vm_id && vcpu < MODEL_MAX_VCPUS)
			up = vm->line[vcpu][sri];
	}
	pthread_mutex_unlock(&h->lock);
	return up;
}
