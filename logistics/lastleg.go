package logistics

// LastLeg is the carrier and the delivery service that carry an order's last leg
// under the option id of mode m: a direct-mail service itself, the delivery service
// of a warehouse (overseas or local), or of a consolidation lane — what a label
// tool needs to print the label. ok is false when the rate book has no such option
// (or no such service: carrier is then "").
func (rb *RateBook) LastLeg(m Mode, id string) (carrier, service string, ok bool) {
	switch m {
	case ModeDirect:
		service = id
	case ModeWarehouse, ModeLocal:
		for i := range rb.Warehouses {
			if rb.Warehouses[i].ID == id {
				service, ok = rb.Warehouses[i].DeliveryService, true
			}
		}
		if !ok {
			return "", "", false
		}
	case ModeConsolidation:
		for i := range rb.Lanes {
			if rb.Lanes[i].ID == id {
				service, ok = rb.Lanes[i].DeliveryService, true
			}
		}
		if !ok {
			return "", "", false
		}
	default:
		return "", "", false
	}
	for i := range rb.Services {
		if rb.Services[i].ID == service {
			return rb.Services[i].Carrier, service, true
		}
	}
	return "", service, false
}
