@echo off
chcp 65001 >nul
rem 在本机预览网站：打开浏览器，关闭本窗口即结束预览。
cd /d "%~dp0"
if not exist "site\config.yaml" (
  echo 还没有 site 文件夹：请先双击“检查数据.bat”新建。
  echo.
  pause
  exit /b 1
)
echo 正在启动预览，浏览器将打开 http://127.0.0.1:1313/ 。看完后关闭本窗口即可。
start "" cmd /c "timeout /t 3 >nul & start http://127.0.0.1:1313/"
creditsite.exe serve --source site
echo.
pause
