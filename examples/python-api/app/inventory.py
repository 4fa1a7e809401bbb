"""An in-memory inventory with the rules the API enforces."""


class InventoryError(ValueError):
    pass


class Inventory:
    def __init__(self):
        self._items = {}

    def add(self, sku, quantity):
        if not sku or not isinstance(sku, str):
            raise InventoryError("sku must be a non-empty string")
        if not isinstance(quantity, int) or quantity <= 0:
            raise InventoryError("quantity must be a positive integer")
        self._items[sku] = self._items.get(sku, 0) + quantity
        return self._items[sku]

    def remove(self, sku, quantity):
        have = self._items.get(sku, 0)
        if quantity > have:
            raise InventoryError(f"only {have} of {sku} in stock")
        self._items[sku] = have - quantity
        return self._items[sku]

    def snapshot(self):
        return dict(sorted(self._items.items()))
