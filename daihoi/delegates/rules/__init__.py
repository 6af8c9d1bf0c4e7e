"""Pure rules of the delegates app (no Django): allocation, the base B, the credentials report."""
