import unittest

from app.inventory import Inventory, InventoryError


class InventoryTest(unittest.TestCase):
    def test_add_accumulates(self):
        inv = Inventory()
        inv.add("apple", 2)
        self.assertEqual(inv.add("apple", 3), 5)

    def test_rejects_bad_quantity(self):
        with self.assertRaises(InventoryError):
            Inventory().add("apple", 0)

    def test_cannot_remove_more_than_stock(self):
        inv = Inventory()
        inv.add("pear", 1)
        with self.assertRaises(InventoryError):
            inv.remove("pear", 2)


if __name__ == "__main__":
    unittest.main()
