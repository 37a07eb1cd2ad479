@echo off
chcp 65001 >nul
rem 由 site 文件夹中的数据生成网站，写入 site\public。
cd /d "%~dp0"
if not exist "site\config.yaml" (
  echo 还没有 site 文件夹：请先双击“检查数据.bat”新建。
  echo.
  pause
  exit /b 1
)
creditsite.exe build --source site
echo.
if errorlevel 1 (echo 生成失败，原因见上面的说明。) else (echo 网站已生成在 %~dp0site\public 文件夹中。)
pause
