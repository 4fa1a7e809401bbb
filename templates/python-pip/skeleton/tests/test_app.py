import unittest

from service.app import handle


class HandleTest(unittest.TestCase):
    def test_health_answers_ok(self):
        self.assertEqual(handle("GET", "/healthz"), (200, {"status": "ok"}))

    def test_unknown_routes_and_methods_are_refused(self):
        self.assertEqual(handle("GET", "/nope")[0], 404)
        self.assertEqual(handle("POST", "/")[0], 405)


if __name__ == "__main__":
    unittest.main()
