// SPDX-License-Identifier: GPL-2.0
/*
 * PCI back end of the PSP mailbox: the SEV mailbox registers of a real AMD
 * Platform Security Processor, in BAR 2 of its PCI function.
 *
 * The driver binds the PSP generations that carry the SEV mailbox, checks
 * that the BIOS left the mailbox reachable and SEV enabled, sets up one
 * interrupt vector, and registers a "sev-mbox" child platform device whose
 * transport does plain ioread32()/iowrite32() on the BAR.  The PSP driver
 * (sev-psp) binds to that child.
 *
 * Only one driver can own a PCI function, and on a distro kernel that is
 * upstream's ccp driver (CRYPTO_DEV_SP_PSP): its crypto, TEE and
 * platform-access users need the PSP too, and sev-launch reaches the SEV
 * firmware through it (drivers/transport/ccp.c).  So on kernels with ccp's
 * PSP support this driver claims no device ids and carries no module
 * alias: it never races ccp for the PSP, and binds only when an
 * administrator asks for it explicitly, after unbinding ccp:
 *
 *	echo sev-psp-pci > /sys/bus/pci/devices/$BDF/driver_override
 *	echo $BDF > /sys/bus/pci/drivers/ccp/unbind
 *	echo $BDF > /sys/bus/pci/drivers_probe
 *
 * On kernels without ccp's PSP support nobody else can drive the PSP and
 * the ids are claimed as usual.  Either way the probe accepts only the PSP
 * functions it knows, whatever driver_override or new_id says.
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <sev-launch/init.h>
#include <sev-launch/transport.h>

#define SEVL_PCI_NAME	"sev-psp-pci"
#define SEVL_PCI_BAR	2

enum sevl_pci_layout {
	SEVL_PCI_SEVV1,		/* pspv1 */
	SEVL_PCI_SEVV2,		/* pspv2, pspv4 */
	SEVL_PCI_SEVV2_PSPV6,	/* pspv6: interrupt registers moved */
};

static const struct sevl_mbox_regs sevl_pci_layouts[] = {
	[SEVL_PCI_SEVV1] = SEVL_MBOX_REGS_SEVV1,
	[SEVL_PCI_SEVV2] = SEVL_MBOX_REGS_SEVV2,
	[SEVL_PCI_SEVV2_PSPV6] = SEVL_MBOX_REGS_SEVV2_PSPV6,
};

/**
 * struct sevl_pci - one PSP PCI function
 * @pdev: the PCI device
 * @regs: mapping of BAR 2
 * @irq: Linux interrupt number of vector 0, or negative without one
 * @mbox: the "sev-mbox" child device
 */
struct sevl_pci {
	struct pci_dev *pdev;
	void __iomem *regs;
	int irq;
	struct platform_device *mbox;
};

static u32 sevl_pci_read(struct sevl_transport *t, u32 off)
{
	struct sevl_pci *p = t->priv;

	return ioread32(p->regs + off);
}

static void sevl_pci_write(struct sevl_transport *t, u32 off, u32 val)
{
	struct sevl_pci *p = t->priv;

	iowrite32(val, p->regs + off);
}

static int sevl_pci_request_irq(struct sevl_transport *t,
				irq_handler_t handler, void *data)
{
	struct sevl_pci *p = t->priv;

	if (p->irq < 0)
		return -ENODEV;
	/* Shared: legacy INTx may be; the handler checks INTSTS. */
	return request_irq(p->irq, handler, IRQF_SHARED, SEVL_PCI_NAME, data);
}

static void sevl_pci_free_irq(struct sevl_transport *t, void *data)
{
	struct sevl_pci *p = t->priv;

	free_irq(p->irq, data);
}

static const struct sevl_transport_ops sevl_pci_ops = {
	.read = sevl_pci_read,
	.write = sevl_pci_write,
	.request_irq = sevl_pci_request_irq,
	.free_irq = sevl_pci_free_irq,
};

static void sevl_pci_unregister(void *data)
{
	platform_device_unregister(data);
}

/* The PSP functions this driver knows, with their register layout. */
static const struct pci_device_id sevl_pci_ids[] = {
	{ PCI_VDEVICE(AMD, 0x1456), SEVL_PCI_SEVV1 },
	{ PCI_VDEVICE(AMD, 0x1486), SEVL_PCI_SEVV2 },
	{ PCI_VDEVICE(AMD, 0x14ca), SEVL_PCI_SEVV2 },
	{ PCI_VDEVICE(AMD, 0x156e), SEVL_PCI_SEVV2_PSPV6 },
	{ }
};

static int sevl_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct sevl_mbox_regs *layout;
	struct device *dev = &pdev->dev;
	struct platform_device_info info = {};
	struct sevl_transport t = {};
	struct sevl_pci *p;
	u32 feature;
	int ret;

	/* driver_override and new_id bring any device: only known PSPs. */
	id = pci_match_id(sevl_pci_ids, pdev);
	if (!id)
		return -ENODEV;
	layout = &sevl_pci_layouts[id->driver_data];

	p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->pdev = pdev;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(SEVL_PCI_BAR), SEVL_PCI_NAME);
	if (ret)
		return ret;
	p->regs = pcim_iomap_table(pdev)[SEVL_PCI_BAR];
	if (!p->regs)
		return -ENOMEM;

	feature = ioread32(p->regs + layout->feature);
	if (feature == U32_MAX) {
		dev_notice(dev, "PSP mailbox access blocked by the BIOS\n");
		return -ENODEV;
	}
	if (!(feature & SEVL_FEATURE_SEV)) {
		dev_info(dev, "PSP without SEV support (capabilities %#x)\n",
			 feature);
		return -ENODEV;
	}

	pci_set_master(pdev);
	/* Vectors are released by the managed PCI device. */
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	p->irq = ret < 0 ? ret : pci_irq_vector(pdev, 0);
	if (p->irq < 0)
		dev_info(dev, "no interrupt (%d), the mailbox will be polled\n",
			 p->irq);

	t.ops = &sevl_pci_ops;
	t.regs = *layout;
	t.name = "pci";
	t.priv = p;
	info.parent = dev;
	info.name = SEVL_MBOX_DEV_NAME;
	info.id = PLATFORM_DEVID_AUTO;
	info.data = &t;		/* copied */
	info.size_data = sizeof(t);
	p->mbox = platform_device_register_full(&info);
	if (IS_ERR(p->mbox))
		return PTR_ERR(p->mbox);
	ret = devm_add_action_or_reset(dev, sevl_pci_unregister, p->mbox);
	if (ret)
		return ret;

	dev_info(dev, "SEV mailbox at BAR %d, capabilities %#x, %s\n",
		 SEVL_PCI_BAR, feature, dev_name(&p->mbox->dev));
	return 0;
}

#if IS_ENABLED(CONFIG_CRYPTO_DEV_SP_PSP)
/* ccp drives the PSP: claim nothing, bind only through driver_override. */
static const struct pci_device_id sevl_pci_claimed[] = {
	{ }
};
#else
#define sevl_pci_claimed sevl_pci_ids
MODULE_DEVICE_TABLE(pci, sevl_pci_ids);
#endif

static struct pci_driver sevl_pci_driver = {
	.name = SEVL_PCI_NAME,
	.id_table = sevl_pci_claimed,
	.probe = sevl_pci_probe,
};

static int __init sevl_pci_init(void)
{
	return pci_register_driver(&sevl_pci_driver);
}

static void __exit sevl_pci_exit(void)
{
	pci_unregister_driver(&sevl_pci_driver);
}
sevl_initcall(sevl_pci_init);
module_exit(sevl_pci_exit);

MODULE_DESCRIPTION("sev-launch PSP mailbox transport for AMD PSP PCI devices");
MODULE_LICENSE("GPL");
