"""The playground in a real browser (Debian's chromium, headless, via chromium-driver).

    python tests/browser/playground.py http://127.0.0.1:PORT [screenshot.png]

Every host but 127.0.0.1 is unresolvable in the browser, so a page that fetched anything from
elsewhere would fail. Checks: the page loads with no console errors and every request it makes
goes to the server; the transformation is drawn; typing a matrix redraws it (det, eigen-lines);
dragging the tip of A i changes the matrix; an exercise is fetched, a right answer graded
correct and a wrong one answered with feedback; a projection is drawn. Exits non-zero on the
first failed check, saying which.
"""

from __future__ import annotations

import json
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = sys.argv[1].rstrip("/")
SCREENSHOT = sys.argv[2] if len(sys.argv) > 2 else None


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1300,2300",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    print(f"ok: {what}")


def wait_for(driver, predicate, what: str, timeout: float = 15.0):
    try:
        # the page replaces elements as answers arrive: a reference may go stale mid-check
        return WebDriverWait(
            driver,
            timeout,
            poll_frequency=0.1,
            ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
        ).until(lambda d: predicate(d))
    except Exception as e:  # noqa: BLE001 - report which check timed out
        raise SystemExit(f"FAILED (timed out): {what}: {e!r}") from None


def picture_text(driver, container: str) -> str:
    return driver.execute_script(
        f"const s = document.querySelector('#{container} svg'); return s ? s.outerHTML : '';"
    )


def verdict(driver) -> tuple[str, str]:
    """The verdict line and the feedback, read in one step (the page replaces both together)."""
    return tuple(driver.execute_script(
        "const t = (id) => { const e = document.getElementById(id); return e ? e.textContent : ''; };"
        "return [t('verdict-line'), t('feedback')];"
    ))


def type_into(driver, element_id: str, value: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(value)


def main() -> None:
    driver = browser()
    try:
        driver.get(f"{BASE}/playground")
        wait_for(driver, lambda d: "det = 5" in picture_text(d, "transform-picture"),
                 "the transformation of [[2, 1], [1, 3]] is drawn with det = 5")
        svg = picture_text(driver, "transform-picture")
        check(svg.count('class="eigen-line"') == 2, "two eigen-lines for [[2, 1], [1, 3]]")
        wait_for(driver, lambda d: "singular values" in d.find_element(By.ID, "transform-numbers").text,
                 "the numbers panel shows the SVD")
        wait_for(driver, lambda d: "U S Vt" in picture_text(d, "svd-picture"), "the SVD picture is drawn")
        wait_for(driver, lambda d: "residual" in picture_text(d, "projection-picture"), "the projection is drawn")

        # typing a shear redraws: det 1, one eigen-line
        for field, value in [("a11", "1"), ("a12", "1"), ("a21", "0"), ("a22", "1")]:
            type_into(driver, field, value)
        wait_for(driver, lambda d: "A = [[1, 1], [0, 1]]" in picture_text(d, "transform-picture"),
                 "typing [[1, 1], [0, 1]] redraws the picture")
        svg = picture_text(driver, "transform-picture")
        check("det = 1<" in svg and svg.count('class="eigen-line"') == 1,
              "the shear has det 1 and one eigen-line")

        # dragging the tip of A i moves the first column
        tip = driver.find_element(By.CSS_SELECTOR, "#transform-picture svg g.image-i polygon")
        before = (driver.find_element(By.ID, "a11").get_property("value"),
                  driver.find_element(By.ID, "a21").get_property("value"))
        ActionChains(driver).click_and_hold(tip).move_by_offset(-60, -80).release().perform()
        wait_for(driver, lambda d: (d.find_element(By.ID, "a11").get_property("value"),
                                    d.find_element(By.ID, "a21").get_property("value")) != before,
                 "dragging A i changes the matrix's first column")
        a21 = float(driver.find_element(By.ID, "a21").get_property("value"))
        check(a21 > 0, f"dragging A i up makes its y positive ({a21})")
        wait_for(driver, lambda d: f"A = [[{d.find_element(By.ID, 'a11').get_property('value')}"
                 in picture_text(d, "transform-picture"), "the picture follows the drag")

        # an exercise: fetched, a right answer graded correct, a wrong one given feedback
        wait_for(driver, lambda d: len(Select(d.find_element(By.ID, "kind")).options) > 10,
                 "the exercise kinds are listed from /openapi.json")
        Select(driver.find_element(By.ID, "kind")).select_by_visible_text("determinant")
        Select(driver.find_element(By.ID, "difficulty")).select_by_visible_text("1")
        driver.find_element(By.ID, "new-exercise").click()
        wait_for(driver, lambda d: d.find_elements(By.ID, "prompt") and d.find_element(By.ID, "prompt").text,
                 "an exercise prompt appears")
        answer = driver.execute_script("return current.answer;")
        type_into(driver, "answer", json.dumps(answer))
        driver.find_element(By.ID, "submit-answer").click()
        wait_for(driver, lambda d: verdict(d)[0].startswith("Correct"),
                 "the right answer is graded correct")
        type_into(driver, "answer", json.dumps({"determinant": answer["determinant"] + 7}))
        driver.find_element(By.ID, "submit-answer").click()
        wait_for(driver, lambda d: verdict(d)[0].startswith("Not yet") and len(verdict(d)[1]) > 20,
                 "a wrong answer gets 'Not yet' and feedback")
        print("   feedback:", verdict(driver)[1])

        # back to the README's matrix for the screenshot
        for field, value in [("a11", "2"), ("a12", "1"), ("a21", "1"), ("a22", "3")]:
            type_into(driver, field, value)
        wait_for(driver, lambda d: "A = [[2, 1], [1, 3]]" in picture_text(d, "transform-picture"),
                 "the picture is back to [[2, 1], [1, 3]]")
        time.sleep(0.3)
        if SCREENSHOT:
            driver.save_screenshot(SCREENSHOT)
            print(f"screenshot: {SCREENSHOT}")

        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        check(not errors, f"no console errors ({errors})")
        urls = set()
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.add(message["params"]["request"]["url"])
        outside = sorted(u for u in urls if not (u.startswith(BASE) or u.startswith("data:")))
        check(bool(urls) and not outside, f"{len(urls)} requests, none leaving the server ({outside})")
    finally:
        driver.quit()
    print("playground: all browser checks passed")


if __name__ == "__main__":
    main()
